// Times in reports are written the way a Vietnamese office writes them: dd/MM/yyyy HH:mm, in
// Asia/Ho_Chi_Minh. Vietnam has kept UTC+7 with no daylight saving since 1975, so a fixed offset
// is exact for every conference and keeps the renderers independent of the host's time zone and
// ICU data (the same log must give the same bytes on any machine and in the browser).

export const REPORT_TIME_ZONE = 'Asia/Ho_Chi_Minh';
const OFFSET_MS = 7 * 60 * 60 * 1000;

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** Calendar parts of an instant in Asia/Ho_Chi_Minh. */
export function localParts(epochMs: number): LocalParts {
  const d = new Date(epochMs + OFFSET_MS);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}

/** 04/01/2021 08:05 */
export function formatDateTime(epochMs: number): string {
  const p = localParts(epochMs);
  return `${pad(p.day)}/${pad(p.month)}/${p.year} ${pad(p.hour)}:${pad(p.minute)}`;
}

/** 04/01/2021 */
export function formatDate(epochMs: number): string {
  const p = localParts(epochMs);
  return `${pad(p.day)}/${pad(p.month)}/${p.year}`;
}

/** 08:05 */
export function formatTime(epochMs: number): string {
  const p = localParts(epochMs);
  return `${pad(p.hour)}:${pad(p.minute)}`;
}

/** 08:05:30, where a speech's seconds matter. */
export function formatTimeSeconds(epochMs: number): string {
  const p = localParts(epochMs);
  return `${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`;
}

/** "2021-01-04" (the conference's calendar date as stored) → "04/01/2021". */
export function formatIsoDate(isoDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : isoDate;
}

/** "ngày 04 tháng 01 năm 2021", the way the date line of an administrative document reads. */
export function formatLongDate(isoDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  return m ? `ngày ${m[3]} tháng ${m[2]} năm ${m[1]}` : isoDate;
}

/** "08 giờ 05 phút", how the minutes state an opening or closing time. */
export function formatClock(epochMs: number): string {
  const p = localParts(epochMs);
  return `${pad(p.hour)} giờ ${pad(p.minute)} phút`;
}

/** A duration as h:mm:ss or m:ss (rounded down to whole seconds): 7:05, 1:02:03. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

/** A duration in words for the minutes: "7 phút 05 giây", "1 giờ 02 phút". */
export function formatDurationWords(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h} giờ ${pad(m)} phút`;
  if (m > 0) return `${m} phút ${pad(s)} giây`;
  return `${s} giây`;
}
