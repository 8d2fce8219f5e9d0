import type { MinutesSpeech, MinutesStep } from './minutes.js';

// Phrases the minutes print the same way in every format (Markdown, PDF, DOCX), so the three
// renderers cannot drift apart in wording.

/** Headings of the sections outside the agenda's steps. */
export const OTHER_SPEECHES_HEADING = 'Phát biểu ngoài chương trình';
export const GENERAL_NOTES_HEADING = 'Ghi chép chung (ngoài các mục của chương trình)';

/** "Nguyễn Văn An, Chủ tịch UBND huyện", or the name alone. */
export function speakerWithPosition(s: MinutesSpeech): string {
  return s.position ? `${s.speaker}, ${s.position}` : s.speaker;
}

/** "7:05", or "7:05 (tạm dừng 2 lần)" when the speech was paused. */
export function speechDuration(s: MinutesSpeech): string {
  return s.pauses ? `${s.duration} (tạm dừng ${s.pauses} lần)` : s.duration;
}

/** "09:12:05", and where it is in the program recording when it was recorded: "09:12:05 (ghi hình 0:03:12)". */
export function speechStart(s: MinutesSpeech): string {
  return s.inRecording ? `${s.start} (ghi hình ${s.inRecording})` : s.start;
}

/** The speech table's cells after the number: speaker, point, content, start, end, duration. */
export function speechCells(s: MinutesSpeech): string[] {
  return [speakerWithPosition(s), s.point, s.topic || s.kindLabel, speechStart(s), s.end || '…', speechDuration(s)];
}

/** When an agenda step ran, lower case, as it follows "Thời gian:". */
export function stepTime(s: MinutesStep): string {
  if (s.outcome === 'skipped') return 'không thực hiện (bỏ qua).';
  if (s.outcome === 'pending') return 'chưa thực hiện.';
  return `từ ${s.start} đến ${s.end || '…'} (${s.duration}; dự kiến ${s.plannedMinutes} phút).`;
}
