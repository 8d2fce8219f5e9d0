import { useEffect, useState } from 'preact/hooks';
import { currentLiveStream } from '../../../shared/meeting/selectors-recording.js';
import { LivePushSchema, type LivePush } from '../../../shared/protocol/live-push.js';
import { useT } from '../../i18n/index.js';
import { useMeeting, useSession } from '../session.js';

// The live program's RTMP push beside the live badge, for the ones who start and stop the live
// stream (chair, organiser): read from GET /api/conferences/:id/live-push every few seconds while
// a run goes on, so a TV link that is down is seen at once — "Đang đẩy luồng", or the failure and
// when the server tries again, with ffmpeg's last error (in the tooltip too). Nothing is shown
// with no RTMP address (HLS only) or while the stream is off.

export async function fetchLivePush(fetchFn: typeof fetch, baseUrl: string, conferenceId: string, token: string): Promise<LivePush | null> {
  try {
    const res = await fetchFn(`${baseUrl}/api/conferences/${encodeURIComponent(conferenceId)}/live-push`, { headers: { authorization: `Bearer ${token}` } });
    if (!res.ok) return null;
    const parsed = LivePushSchema.safeParse(await res.json());
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function LivePushStatus({ intervalMs = 3_000, fetchFn, baseUrl }: { intervalMs?: number; fetchFn?: typeof fetch; baseUrl?: string }) {
  const t = useT();
  const { principal, conferenceId, token } = useSession();
  const run = currentLiveStream(useMeeting())?.id ?? null;
  const allowed = principal.role === 'chair' || principal.role === 'admin';
  const [push, setPush] = useState<LivePush | null>(null);

  useEffect(() => {
    setPush(null);
    if (!allowed || run === null) return undefined;
    let live = true;
    const read = () =>
      void fetchLivePush(fetchFn ?? ((...a) => fetch(...a)), baseUrl ?? location.origin, conferenceId, token).then((p) => {
        if (live && p) setPush(p);
      });
    read();
    const timer = setInterval(read, intervalMs);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [allowed, run, conferenceId, token, intervalMs, fetchFn, baseUrl]);

  const state = push?.push;
  if (!allowed || run === null || !push?.target || !state) return null;
  const words = t.livePush;
  const text = state.state === 'pushing' ? words.pushing : state.state === 'starting' ? words.starting : words.retrying(state.retryInMs, state.attempt);
  const error = state.state === 'retrying' ? state.error : state.lastError;
  return (
    <span class={`live-push live-push--${state.state}`} role="status" data-testid="live-push" data-state={state.state} title={words.title(push.target, error)}>
      <strong>{words.label}</strong> {text}
      {state.state === 'retrying' && <span class="live-push__error">{state.error}</span>}
    </span>
  );
}
