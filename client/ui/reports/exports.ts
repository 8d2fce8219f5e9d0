// What the Export menu offers and how it fetches a report: the API authorises by
// `Authorization: Bearer <join token>`, which a plain link cannot send, so the menu fetches the
// file and hands the browser a Blob under the server's Vietnamese file name.

export type ExportKey = 'attendanceXlsx' | 'attendancePdf' | 'attendanceCsv' | 'attendanceTotalsCsv' | 'attendancePresenceCsv' | 'minutesDocx' | 'minutesPdf' | 'minutesMd';

export interface ExportItem {
  key: ExportKey;
  group: 'attendance' | 'minutes';
  /** Path under /api/conferences/:id/reports/ with its query. */
  path: string;
}

export const EXPORT_ITEMS: readonly ExportItem[] = [
  { key: 'attendanceXlsx', group: 'attendance', path: 'attendance.xlsx' },
  { key: 'attendancePdf', group: 'attendance', path: 'attendance.pdf' },
  { key: 'attendanceCsv', group: 'attendance', path: 'attendance.csv' },
  { key: 'attendanceTotalsCsv', group: 'attendance', path: 'attendance.csv?view=totals' },
  { key: 'attendancePresenceCsv', group: 'attendance', path: 'attendance.csv?view=presence' },
  { key: 'minutesDocx', group: 'minutes', path: 'minutes.docx' },
  { key: 'minutesPdf', group: 'minutes', path: 'minutes.pdf' },
  { key: 'minutesMd', group: 'minutes', path: 'minutes.md' },
];

export function exportUrl(baseUrl: string, conferenceId: string, item: ExportItem, seq?: number): string {
  const url = `${baseUrl}/api/conferences/${encodeURIComponent(conferenceId)}/reports/${item.path}`;
  return seq === undefined ? url : `${url}${item.path.includes('?') ? '&' : '?'}seq=${seq}`;
}

/** The file name from Content-Disposition: `filename*` (RFC 5987, UTF-8) first, else `filename`. */
export function fileNameFromDisposition(header: string | null, fallback: string): string {
  if (!header) return fallback;
  const star = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      // a malformed escape: fall through to the plain parameter
    }
  }
  const plain = /filename\s*=\s*"([^"]*)"/i.exec(header) ?? /filename\s*=\s*([^;]+)/i.exec(header);
  return plain?.[1]?.trim() || fallback;
}

export type Downloaded = { ok: true; blob: Blob; fileName: string } | { ok: false; status: number; code: string; message: string };

/** Fetches one report; a refusal comes back as the API's `{ code, message }`. */
export async function fetchReport(fetchFn: typeof fetch, url: string, token: string, fallbackName: string): Promise<Downloaded> {
  let res: Response;
  try {
    res = await fetchFn(url, { headers: { authorization: `Bearer ${token}` } });
  } catch (err) {
    return { ok: false, status: 0, code: 'NETWORK', message: err instanceof Error ? err.message : String(err) };
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { code?: string; message?: string };
    return { ok: false, status: res.status, code: body.code ?? 'HTTP_STATUS', message: body.message ?? res.statusText };
  }
  return { ok: true, blob: await res.blob(), fileName: fileNameFromDisposition(res.headers.get('content-disposition'), fallbackName) };
}
