import type { AgendaStepKind, AttendanceStatus, ConferenceStatus, PointKind, Role, SpeechKind } from '../protocol/index.js';

// The meeting's own words, once: what the consoles show and what the reports print for the same
// thing. A term is the administrative wording (Vietnamese, the language of the record) and its
// English. Wording that only a screen needs (buttons, hints) stays in client/i18n; wording only a
// document needs (headings, column titles) stays in shared/reports. client/i18n/terms.test.ts
// checks that the reports and the consoles print the same term.

export interface Term {
  readonly vi: string;
  readonly en: string;
}
export type Language = keyof Term;

/** Điểm danh: the status the clerk marks for an invited attendee. */
export const ATTENDANCE_STATUS_TERMS: Record<AttendanceStatus, Term> = {
  unmarked: { vi: 'Chưa điểm danh', en: 'Not marked' },
  present: { vi: 'Có mặt', en: 'Present' },
  excused: { vi: 'Vắng có lý do', en: 'Excused' },
  absent: { vi: 'Vắng không lý do', en: 'Absent' },
  substitute: { vi: 'Cử người dự thay', en: 'Substitute' },
};

/** The kinds of connection point (điểm cầu); district and commune cover the units of their level. */
export const POINT_KIND_TERMS: Record<PointKind, Term> = {
  central: { vi: 'Điểm cầu trung tâm', en: 'Central point' },
  district: { vi: 'Điểm cầu huyện', en: 'District point' },
  city: { vi: 'Điểm cầu thành phố, thị xã', en: 'City or town point' },
  commune: { vi: 'Điểm cầu xã, phường', en: 'Commune or ward point' },
  department: { vi: 'Điểm cầu sở, ngành', en: 'Department point' },
};

/** What a request to speak (đăng ký phát biểu) asks for, and so what kind of speech it becomes. */
export const SPEECH_KIND_TERMS: Record<SpeechKind, Term> = {
  contribution: { vi: 'Phát biểu ý kiến', en: 'Contribution' },
  reply: { vi: 'Tranh luận, trả lời', en: 'Reply' },
  pointOfOrder: { vi: 'Kiến nghị thủ tục', en: 'Point of order' },
  directive: { vi: 'Phát biểu chỉ đạo', en: 'Directive speech' },
};

/** The kinds of agenda step (chương trình hội nghị). */
export const STEP_KIND_TERMS: Record<AgendaStepKind, Term> = {
  opening: { vi: 'Khai mạc', en: 'Opening' },
  report: { vi: 'Báo cáo', en: 'Report' },
  discussion: { vi: 'Thảo luận', en: 'Discussion' },
  directive: { vi: 'Chỉ đạo', en: 'Directive' },
  conclusion: { vi: 'Kết luận', en: 'Conclusion' },
  other: { vi: 'Khác', en: 'Other' },
};

/** Who acts: the console's role, and how the record names someone who gave no name. */
export const ROLE_TERMS: Record<Role, Term> = {
  admin: { vi: 'Quản trị', en: 'Administrator' },
  chair: { vi: 'Chủ trì', en: 'Chair' },
  clerk: { vi: 'Thư ký hội nghị', en: 'Conference clerk' },
  point: { vi: 'Điểm cầu', en: 'Connection point' },
  observer: { vi: 'Quan sát viên', en: 'Observer' },
  system: { vi: 'Hệ thống', en: 'System' },
};

/** Where the conference is in its life. */
export const CONFERENCE_STATUS_TERMS: Record<ConferenceStatus, Term> = {
  draft: { vi: 'Bản nháp', en: 'Draft' },
  scheduled: { vi: 'Đã lên lịch', en: 'Scheduled' },
  rollCall: { vi: 'Đang điểm danh', en: 'Roll-call' },
  inSession: { vi: 'Đang họp', en: 'In session' },
  adjourned: { vi: 'Tạm dừng', en: 'Adjourned' },
  closed: { vi: 'Đã kết thúc', en: 'Closed' },
};

/** A point's connection as the record tells it (the attendance report's presence section). */
export const PRESENCE_CHANGE_TERMS = {
  joined: { vi: 'Kết nối', en: 'Connected' },
  lost: { vi: 'Mất tín hiệu', en: 'Signal lost' },
  restored: { vi: 'Có tín hiệu lại', en: 'Signal back' },
  left: { vi: 'Ngắt kết nối', en: 'Disconnected' },
} as const satisfies Record<string, Term>;

/** One group of terms in one language, keyed as the group is: `{ present: 'Có mặt', … }`. */
export function termsIn<K extends string>(terms: Record<K, Term>, lang: Language): Record<K, string> {
  return Object.fromEntries(Object.entries<Term>(terms).map(([k, t]) => [k, t[lang]])) as Record<K, string>;
}
