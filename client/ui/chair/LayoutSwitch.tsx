import { LAYOUT_MODES, type LayoutMode } from '../../../shared/protocol/values.js';
import { useT } from '../../i18n/index.js';
import { useSession } from '../session.js';

export function LayoutSwitch({ mode }: { mode: LayoutMode }) {
  const t = useT();
  const { send } = useSession();
  return (
    <div class="segmented" role="radiogroup" aria-label={t.layout.label} data-testid="layout-switch">
      {LAYOUT_MODES.map((m) => (
        <button
          type="button"
          key={m}
          role="radio"
          aria-checked={m === mode}
          class={`btn ${m === mode ? 'btn--on' : ''}`}
          onClick={() => m !== mode && void send({ type: 'setLayout', mode: m })}
        >
          {t.layout[m]}
        </button>
      ))}
    </div>
  );
}
