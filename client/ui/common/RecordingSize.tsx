import { useEffect, useState } from 'preact/hooks';
import { z } from 'zod';
import { currentRecording } from '../../../shared/meeting/selectors-recording.js';
import { useI18n } from '../../i18n/index.js';
import { useMeeting, useSession } from '../session.js';

// How much the recordings take, for the ones who start and stop them (chair, organiser): read
// from GET /api/conferences/:id/recording every few seconds while a run goes on (and once after),
// so a filling disk is seen before the server has to stop recording; when the storage is full it
// says so as an alert, beside the log's own "recording stopped" alert (R-REC-2).

const UsageSchema = z.object({
  conferenceBytes: z.number().nonnegative(),
  usedBytes: z.number().nonnegative(),
  limitBytes: z.number().nonnegative().nullable(),
  freeBytes: z.number().nonnegative(),
  full: z.boolean(),
});
export type RecordingUsage = z.infer<typeof UsageSchema>;

/** 12,3 MB (vi) / 12.3 MB (en): decimal units, as a disk's size is printed on it. */
export function formatBytes(bytes: number, lang: 'vi' | 'en'): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u += 1;
  }
  const n = new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: u === 0 ? 0 : 1 }).format(v);
  return `${n} ${units[u]}`;
}

export async function fetchRecordingUsage(fetchFn: typeof fetch, baseUrl: string, conferenceId: string, token: string): Promise<RecordingUsage | null> {
  try {
    const res = await fetchFn(`${baseUrl}/api/conferences/${encodeURIComponent(conferenceId)}/recording`, { headers: { authorization: `Bearer ${token}` } });
    if (!res.ok) return null;
    const parsed = UsageSchema.safeParse(await res.json());
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function RecordingSize({ intervalMs = 5_000, fetchFn, baseUrl }: { intervalMs?: number; fetchFn?: typeof fetch; baseUrl?: string }) {
  const { t, lang } = useI18n();
  const { principal, conferenceId, token } = useSession();
  const state = useMeeting();
  const [usage, setUsage] = useState<RecordingUsage | null>(null);
  const recording = currentRecording(state) !== null;
  const runs = state.recordings.length;
  const allowed = principal.role === 'chair' || principal.role === 'admin';

  useEffect(() => {
    if (!allowed || runs === 0) return undefined;
    let live = true;
    const read = () =>
      void fetchRecordingUsage(fetchFn ?? ((...a) => fetch(...a)), baseUrl ?? location.origin, conferenceId, token).then((u) => {
        if (live && u) setUsage(u);
      });
    read();
    const timer = recording ? setInterval(read, intervalMs) : undefined;
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [allowed, runs, recording, conferenceId, token, intervalMs, fetchFn, baseUrl]);

  if (!allowed || !usage) return null;
  const limit = usage.limitBytes === null ? null : formatBytes(usage.limitBytes, lang);
  return (
    <>
      <span class="rec-size" data-testid="recording-size" title={t.recording.free(formatBytes(usage.freeBytes, lang))}>
        {t.recording.storage(formatBytes(usage.conferenceBytes, lang), limit)}
      </span>
      {usage.full && (
        <span class="banner banner--bad" role="alert" data-testid="recording-storage-full">
          {t.recording.storageFull}
        </span>
      )}
    </>
  );
}
