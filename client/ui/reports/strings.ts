import type { Language } from '../../i18n/index.js';
import type { ExportKey } from './exports.js';

// The Export menu's words in both languages. Kept beside the component so it can be dropped into
// a console as it is; the client catalogue may absorb them (same shape) when the menu is wired.

export interface ExportStrings {
  menu: string;
  attendance: string;
  minutes: string;
  items: Record<ExportKey, string>;
  working: string;
  failed: (code: string, message: string) => string;
}

export const EXPORT_STRINGS: Record<Language, ExportStrings> = {
  vi: {
    menu: 'Xuất báo cáo',
    attendance: 'Báo cáo điểm danh',
    minutes: 'Biên bản hội nghị',
    items: {
      attendanceXlsx: 'Excel (XLSX)',
      attendancePdf: 'PDF',
      attendanceCsv: 'CSV — danh sách',
      attendanceTotalsCsv: 'CSV — tổng hợp',
      attendancePresenceCsv: 'CSV — kết nối các điểm cầu',
      minutesDocx: 'Word (DOCX) để chỉnh sửa',
      minutesPdf: 'PDF',
      minutesMd: 'Văn bản (Markdown)',
    },
    working: 'Đang tạo tệp…',
    failed: (code, message) => `Không xuất được báo cáo (${code}): ${message}`,
  },
  en: {
    menu: 'Export',
    attendance: 'Attendance report',
    minutes: 'Minutes',
    items: {
      attendanceXlsx: 'Excel (XLSX)',
      attendancePdf: 'PDF',
      attendanceCsv: 'CSV — list',
      attendanceTotalsCsv: 'CSV — totals',
      attendancePresenceCsv: 'CSV — points’ connections',
      minutesDocx: 'Word (DOCX), editable',
      minutesPdf: 'PDF',
      minutesMd: 'Text (Markdown)',
    },
    working: 'Preparing the file…',
    failed: (code, message) => `The report could not be exported (${code}): ${message}`,
  },
};
