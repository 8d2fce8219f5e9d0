// Times in reports are written the way a Vietnamese office writes them: dd/MM/yyyy HH:mm, in the
// conference's time zone (R-CONF-9; Asia/Ho_Chi_Minh unless set). Vietnam has kept UTC+7 with no
// daylight saving since 1975, so for that zone a fixed offset is exact and keeps the renderers
// independent of the host's ICU data (the same log gives the same bytes on any machine and in the
// browser); any other zone is read from the runtime's zone database.

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

const zoneFormats = new Map<string, Intl.DateTimeFormat>();

function zoneFormat(zone: string): Intl.DateTimeFormat {
  let f = zoneFormats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    zoneFormats.set(zone, f);
  }
  return f;
}

/** Calendar parts of an instant in a time zone (default Asia/Ho_Chi_Minh). */
export function localParts(epochMs: number, zone: string = REPORT_TIME_ZONE): LocalParts {
  if (zone === REPORT_TIME_ZONE) {
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
  const parts: Record<string, number> = {};
  for (const p of zoneFormat(zone).formatToParts(epochMs)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { year: parts.year ?? 0, month: parts.month ?? 0, day: parts.day ?? 0, hour: parts.hour ?? 0, minute: parts.minute ?? 0, second: parts.second ?? 0 };
}

/** 04/01/2021 08:05 */
export function formatDateTime(epochMs: number, zone?: string): string {
  const p = localParts(epochMs, zone);
  return `${pad(p.day)}/${pad(p.month)}/${p.year} ${pad(p.hour)}:${pad(p.minute)}`;
}

/** 04/01/2021 */
export function formatDate(epochMs: number, zone?: string): string {
  const p = localParts(epochMs, zone);
  return `${pad(p.day)}/${pad(p.month)}/${p.year}`;
}

/** 08:05 */
export function formatTime(epochMs: number, zone?: string): string {
  const p = localParts(epochMs, zone);
  return `${pad(p.hour)}:${pad(p.minute)}`;
}

/** 08:05:30, where a speech's seconds matter. */
export function formatTimeSeconds(epochMs: number, zone?: string): string {
  const p = localParts(epochMs, zone);
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

/** "ngày 04 tháng 01 năm 2021" of an instant, in the zone: the actual date of something logged. */
export function formatLongDateOf(epochMs: number, zone?: string): string {
  const p = localParts(epochMs, zone);
  return `ngày ${pad(p.day)} tháng ${pad(p.month)} năm ${p.year}`;
}

/** "08 giờ 05 phút", how the minutes state an opening or closing time. */
export function formatClock(epochMs: number, zone?: string): string {
  const p = localParts(epochMs, zone);
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
