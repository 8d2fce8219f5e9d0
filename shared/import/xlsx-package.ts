// Opening the XLSX package (a zip of XML parts) just far enough to find the first worksheet and
// the shared strings. Part names come from the relationships, not guessed: Excel writes
// xl/worksheets/sheet1.xml, but after sheets are reordered or deleted the first tab may be sheet3.xml.
import { LIMITS, issue } from './issues.js';
import type { ImportIssue } from './issues.js';
import { scanXml } from './xml.js';
import { readZipDirectory, readZipEntry } from './zip.js';
import type { ZipEntry } from './zip.js';

export type XlsxParts = {
  sheetXml: string;
  sharedStringsXml: string | null;
  sheetName: string;
  otherSheets: string[];
};

export type PackageResult = { ok: true; parts: XlsxParts } | { ok: false; error: ImportIssue };

const corrupt = (detailVi: string, detailEn: string): PackageResult => ({
  ok: false,
  error: issue(
    'xlsx_corrupt',
    null,
    `Tệp XLSX bị hỏng hoặc không đầy đủ (${detailVi}). Hãy mở bằng Excel hoặc LibreOffice và lưu lại.`,
    `The XLSX file is damaged or incomplete (${detailEn}). Open it in Excel or LibreOffice and save it again.`,
  ),
});

type Relationship = { id: string; type: string; target: string };

function relationships(xml: string): Relationship[] {
  const out: Relationship[] = [];
  scanXml(xml, {
    open(name, a) {
      if (name === 'Relationship' && a.Id !== undefined && a.Target !== undefined) {
        out.push({ id: a.Id, type: a.Type ?? '', target: a.Target });
      }
    },
    close() {},
    text() {},
  });
  return out;
}

/** Resolves a relationship target against the folder of the part that owns it. */
function resolve(fromDir: string, target: string): string {
  const path = target.startsWith('/') ? target.slice(1) : fromDir + target;
  const out: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '..') out.pop();
    else if (seg !== '.' && seg !== '') out.push(seg);
  }
  return out.join('/');
}

const relsOf = (part: string): string => {
  const slash = part.lastIndexOf('/');
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
};
const dirOf = (part: string): string => part.slice(0, part.lastIndexOf('/') + 1);

/** Inflates the named parts, all of them together within the XML budget. */
function extract(zip: Uint8Array, entries: readonly ZipEntry[], wanted: (name: string) => boolean, budget: { left: number }): Record<string, string> {
  const out: Record<string, string> = {};
  const text = new TextDecoder('utf-8');
  for (const entry of entries) {
    if (!wanted(entry.name)) continue;
    const data = readZipEntry(zip, entry, budget.left);
    budget.left -= data.length;
    out[entry.name] = text.decode(data);
  }
  return out;
}

export function openXlsx(zip: Uint8Array): PackageResult {
  let entries: ZipEntry[];
  try {
    entries = readZipDirectory(zip);
  } catch {
    return corrupt('không đọc được mục lục zip', 'the zip directory cannot be read');
  }
  const names = entries.map((e) => e.name);
  const has = new Set(names);
  if (has.has('mimetype') && names.some((n) => n === 'content.xml')) {
    return {
      ok: false,
      error: issue(
        'unsupported_format',
        null,
        'Đây là tệp OpenDocument (.ods). Trong LibreOffice chọn Lưu thành → "Excel 2007-365 (.xlsx)" hoặc CSV.',
        'This is an OpenDocument (.ods) file. In LibreOffice use Save As → "Excel 2007-365 (.xlsx)" or CSV.',
      ),
    };
  }
  if (has.has('word/document.xml') || has.has('ppt/presentation.xml')) {
    return {
      ok: false,
      error: issue(
        'unsupported_format',
        null,
        'Đây là tệp Word hoặc PowerPoint, không phải bảng tính. Hãy gửi danh sách dạng .xlsx hoặc .csv.',
        'This is a Word or PowerPoint file, not a spreadsheet. Send the list as .xlsx or .csv.',
      ),
    };
  }

  const budget = { left: LIMITS.xlsxXmlBytes };
  const rootRels = has.has('_rels/.rels') ? relationships(extract(zip, entries, (n) => n === '_rels/.rels', budget)['_rels/.rels'] ?? '') : [];
  const officeDoc = rootRels.find((r) => r.type.endsWith('/officeDocument'));
  const workbookPart = officeDoc !== undefined ? resolve('', officeDoc.target) : 'xl/workbook.xml';
  if (!has.has(workbookPart)) return corrupt('thiếu workbook.xml', 'workbook.xml is missing');

  const wbRelsPart = relsOf(workbookPart);
  const head = extract(zip, entries, (n) => n === workbookPart || n === wbRelsPart, budget);
  const wbRels = relationships(head[wbRelsPart] ?? '');
  const sheets: { name: string; rid: string; hidden: boolean }[] = [];
  scanXml(head[workbookPart] ?? '', {
    open(name, a) {
      if (name === 'sheet') sheets.push({ name: a.name ?? '', rid: a.id ?? '', hidden: a.state === 'hidden' || a.state === 'veryHidden' });
    },
    close() {},
    text() {},
  });

  // The first worksheet the user can see (a chart sheet or a hidden helper sheet is not the list).
  const wbDir = dirOf(workbookPart);
  const worksheets = sheets
    .map((s) => ({ ...s, rel: wbRels.find((r) => r.id === s.rid) }))
    .filter((s) => s.rel !== undefined && s.rel.type.endsWith('/worksheet'))
    .map((s) => ({ ...s, part: resolve(wbDir, (s.rel as Relationship).target) }))
    .filter((s) => has.has(s.part));
  const first = worksheets.find((s) => !s.hidden) ?? worksheets[0];
  if (first === undefined) {
    return {
      ok: false,
      error: issue('xlsx_no_sheet', null, 'Tệp XLSX không có trang tính (sheet) nào chứa dữ liệu.', 'The XLSX file has no worksheet.'),
    };
  }
  const ssRel = wbRels.find((r) => r.type.endsWith('/sharedStrings'));
  const ssPart = ssRel !== undefined ? resolve(wbDir, ssRel.target) : `${wbDir}sharedStrings.xml`;
  const body = extract(zip, entries, (n) => n === first.part || n === ssPart, budget);
  const sheetXml = body[first.part];
  if (sheetXml === undefined) return corrupt('thiếu trang tính', 'the worksheet part is missing');
  return {
    ok: true,
    parts: {
      sheetXml,
      sharedStringsXml: body[ssPart] ?? null,
      sheetName: first.name,
      otherSheets: sheets.filter((s) => s.name !== first.name && !s.hidden).map((s) => s.name),
    },
  };
}
