// Stills (ảnh hội nghị) on the chair's and the clerk's consoles, in Vietnamese (the catalogue's
// `stills` key; en-stills.ts must match it key by key).

export const viStills = {
  take: 'Chụp ảnh',
  takePoint: (point: string) => `Chụp ảnh điểm cầu ${point}`,
  takeProgram: 'Chụp ảnh chương trình',
  taking: 'Đang chụp…',
  taken: 'Đã chụp ảnh',
  title: 'Ảnh hội nghị',
  count: (n: number, chosen: number) => `${n} ảnh · ${chosen} đưa vào biên bản`,
  none: 'Chưa có ảnh nào. Bấm “Chụp ảnh” trên ô điểm cầu hoặc chương trình; máy chủ tự chụp khi mỗi người bắt đầu phát biểu.',
  program: 'Chương trình',
  bySpeechStart: 'Tự chụp khi bắt đầu phát biểu',
  step: (title: string) => `Nội dung: ${title}`,
  speaker: (name: string) => `Người phát biểu: ${name}`,
  picture: (point: string, time: string) => `Ảnh điểm cầu ${point} lúc ${time}`,
  loading: 'Đang tải ảnh…',
  loadFailed: 'Không tải được ảnh',
  useInMinutes: 'Đưa vào biên bản',
  inMinutes: 'Trong biên bản',
  caption: 'Chú thích trong biên bản',
  saveCaption: 'Lưu chú thích',
};
