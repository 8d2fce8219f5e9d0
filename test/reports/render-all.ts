import { execFileSync } from 'node:child_process';
import { renderReport, type ReportRequest } from '../../server/reports/formats.js';
import type { MeetingEvent } from '../../shared/protocol/index.js';

// Helpers for the read-back tests: render one report of a log, and read a PDF back with Debian's
// poppler-utils (the real parser an office's tools would use).

export async function render(events: readonly MeetingEvent[], req: Partial<ReportRequest> & Pick<ReportRequest, 'report' | 'format'>): Promise<Buffer> {
  const r = await renderReport(events, { view: 'attendees', delimiter: 'comma', ...req });
  if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
  return r.report.body;
}

/** pdftotext in reading order, whitespace runs collapsed so a wrapped table cell reads as one. */
export function pdfText(pdf: Buffer): string {
  const raw = execFileSync('pdftotext', ['-enc', 'UTF-8', '-raw', '-', '-'], { input: pdf, maxBuffer: 64 * 1024 * 1024 }).toString('utf8');
  return raw.replace(/\s+/g, ' ');
}

export function pdfFonts(pdf: Buffer): string[] {
  const out = execFileSync('pdffonts', ['-'], { input: pdf }).toString('utf8');
  return out.split('\n').slice(2).filter(Boolean).map((l) => l.trim());
}

export function pdfInfo(pdf: Buffer): Record<string, string> {
  const out = execFileSync('pdfinfo', ['-isodates', '-'], { input: pdf }).toString('utf8');
  return Object.fromEntries(out.split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]));
}
