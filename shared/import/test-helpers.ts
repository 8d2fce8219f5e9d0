// Test helpers for the import tests (not product code: reads fixtures with node:fs).
import { readFileSync } from 'node:fs';
import { strToU8, zipSync } from 'fflate';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { ImportIssue, RowsResult } from './index.js';

const fixturesDir = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(fixturesDir, name)));
}

/** The rows of a successful import; fails the test with the file's errors otherwise. */
export function rowsOf<R>(result: RowsResult<R>): R[] {
  if (!result.ok) expect.fail(`import failed: ${result.errors.map((e) => e.message).join(' | ')}`);
  return result.rows;
}

export function warningsOf<R>(result: RowsResult<R>): ImportIssue[] {
  if (!result.ok) expect.fail(`import failed: ${result.errors.map((e) => e.message).join(' | ')}`);
  return result.warnings;
}

export function errorsOf<R>(result: RowsResult<R>): ImportIssue[] {
  if (result.ok) expect.fail(`import unexpectedly succeeded with ${result.rows.length} rows`);
  return result.errors;
}

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** A minimal XLSX package around hand-written sheet XML, as small generators write them. */
export function buildXlsx(sheets: { name: string; xml: string; hidden?: boolean; merges?: string[] }[], sharedStrings?: string): Uint8Array {
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    '_rels/.rels': strToU8(
      `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ),
    'xl/workbook.xml': strToU8(
      `<?xml version="1.0"?><x:workbook xmlns:x="${NS}" xmlns:r="${REL_NS}"><x:sheets>${sheets
        .map((s, i) => `<x:sheet name="${s.name}" sheetId="${i + 1}" r:id="rId${i + 1}"${s.hidden === true ? ' state="hidden"' : ''}/>`)
        .join('')}</x:sheets></x:workbook>`,
    ),
    'xl/_rels/workbook.xml.rels': strToU8(
      `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets
        .map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL_NS}/worksheet" Target="/xl/worksheets/data${i + 1}.xml"/>`)
        .join('')}${sharedStrings !== undefined ? `<Relationship Id="rIdS" Type="${REL_NS}/sharedStrings" Target="strings.xml"/>` : ''}</Relationships>`,
    ),
  };
  sheets.forEach((s, i) => {
    const merges = s.merges === undefined ? '' : `<mergeCells count="${s.merges.length}">${s.merges.map((m) => `<mergeCell ref="${m}"/>`).join('')}</mergeCells>`;
    files[`xl/worksheets/data${i + 1}.xml`] = strToU8(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${NS}"><sheetData>${s.xml}</sheetData>${merges}</worksheet>`);
  });
  if (sharedStrings !== undefined) files['xl/strings.xml'] = strToU8(`<sst xmlns="${NS}">${sharedStrings}</sst>`);
  return zipSync(files);
}

export const inline = (ref: string, text: string): string => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;

