import type { Actor, AgendaStepKind, AttendanceStatus, PointKind, SpeechKind } from '../protocol/index.js';

// The words a report prints. Vietnamese is the document's language (the office files it as it
// is); column headers also carry English so a non-Vietnamese reader of the archive can follow.

export const STATUS_LABELS: Record<AttendanceStatus, string> = {
  unmarked: 'Chưa điểm danh',
  present: 'Có mặt',
  excused: 'Vắng có lý do',
  absent: 'Vắng không lý do',
  substitute: 'Cử người dự thay',
};

export const POINT_KIND_LABELS: Record<PointKind, string> = {
  central: 'Điểm cầu trung tâm',
  district: 'Điểm cầu huyện',
  city: 'Điểm cầu thành phố',
  commune: 'Điểm cầu xã',
  department: 'Điểm cầu sở, ngành',
};

export const SPEECH_KIND_LABELS: Record<SpeechKind, string> = {
  contribution: 'Phát biểu',
  reply: 'Trả lời',
  pointOfOrder: 'Kiến nghị thủ tục',
  directive: 'Phát biểu chỉ đạo',
};

export const STEP_KIND_LABELS: Record<AgendaStepKind, string> = {
  opening: 'Khai mạc',
  report: 'Báo cáo',
  discussion: 'Thảo luận',
  directive: 'Chỉ đạo',
  conclusion: 'Kết luận',
  other: 'Khác',
};

export const PRESENCE_LABELS = {
  joined: 'Kết nối',
  lost: 'Mất tín hiệu',
  restored: 'Có tín hiệu lại',
  left: 'Ngắt kết nối',
} as const;

const ROLE_LABELS: Record<Actor['role'], string> = {
  admin: 'Quản trị',
  chair: 'Chủ trì',
  clerk: 'Thư ký',
  point: 'Điểm cầu',
  observer: 'Quan sát viên',
  system: 'Hệ thống',
};

/** Who did something, as the archive should name them: the person if known, else the role. */
export function actorLabel(by: Actor, pointName?: (id: string) => string | undefined): string {
  if (by.name) return by.name;
  if (by.role === 'point' && by.pointId) return `${ROLE_LABELS.point} ${pointName?.(by.pointId) ?? by.pointId}`;
  return ROLE_LABELS[by.role];
}

export const NATIONAL_NAME = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
export const NATIONAL_MOTTO = 'Độc lập - Tự do - Hạnh phúc';
