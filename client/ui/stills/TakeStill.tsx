import type { TakeStillRequest } from '../../../shared/protocol/stills-http.js';
import { useT } from '../../i18n/index.js';
import { useStillsDesk } from './desk.js';

// "Chụp ảnh": a still of a point's camera (on its tile of the chair's wall) or of the program (under
// the program's picture), for the chair and the clerk. The outcome (taken, or the refusal in the
// catalogue's words) is said in the stills gallery; the still itself comes back through the log.

export function TakeStillButton({ request, label, compact = false }: { request: TakeStillRequest; label: string; compact?: boolean }) {
  const t = useT();
  const desk = useStillsDesk();
  const busy = desk.busy(request);
  return (
    <button
      type="button"
      class={`btn btn--small take-still ${compact ? 'take-still--icon' : ''}`}
      data-testid={request.source === 'point' ? 'take-still' : 'take-still-program'}
      disabled={busy}
      aria-busy={busy}
      // An icon alone is named by the label; a button with text is named by its text (WCAG 2.5.3:
      // the visible words must be in the accessible name), the label staying as its tooltip.
      aria-label={compact ? label : undefined}
      title={label}
      onClick={() => void desk.take(t, request)}
    >
      <CameraIcon />
      {!compact && <span>{busy ? t.stills.taking : t.stills.take}</span>}
    </button>
  );
}

function CameraIcon() {
  return (
    <svg class="take-still__icon" viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false">
      <path fill="currentColor" d="M9 3 7.2 5H4a2 2 0 0 0-2 2v11a2 2 0 0 0 2 2h16a2 2 0 0 0 2-2V7a2 2 0 0 0-2-2h-3.2L15 3H9Zm3 5a5 5 0 1 1 0 10 5 5 0 0 1 0-10Zm0 2a3 3 0 1 0 0 6 3 3 0 0 0 0-6Z" />
    </svg>
  );
}
