// The live stream watched in the browser (HLS, client/ui/program/LiveWatch.tsx) and the watch
// links the organiser hands to players without headers (client/ui/organiser/WatchLinks.tsx), in
// Vietnamese (the catalogue's `liveWatch` key; en-live.ts must match it key by key).

export const viLive = {
  watch: 'Xem bản phát trực tiếp',
  back: 'Xem hình trực tuyến',
  videoLabel: 'Bản phát trực tiếp hội nghị',
  loading: 'Đang tải bản phát trực tiếp…',
  off: 'Hội nghị đang không phát trực tiếp: đang hiện hình trực tuyến. Bản phát trực tiếp sẽ hiện lại khi phát tiếp.',
  muted: 'Âm thanh đang tắt: bấm biểu tượng loa trên khung hình để nghe.',
  unsupported: 'Trình duyệt này không phát được bản phát trực tiếp (thiếu Media Source Extensions hoặc H.264). Hãy dùng Chrome, Edge hoặc Firefox bản mới, hoặc xem hình trực tuyến.',
  error: (code: string, detail: string) => `Không phát được bản phát trực tiếp (${code}: ${detail}).`,
  retry: 'Thử lại',
  delay: 'Bản phát trực tiếp chậm hơn hình trực tuyến khoảng 5 giây.',
  links: {
    title: 'Liên kết xem phát trực tiếp',
    hint: 'Dành cho VLC, đài truyền hình, cổng thông tin của tỉnh: chỉ xem được bản phát trực tiếp của hội nghị này (không vào được bảng điều khiển), khi đang phát; hết hạn và thu hồi được.',
    label: 'Cấp cho',
    labelPlaceholder: 'Đài PT-TH tỉnh…',
    validHours: 'Hiệu lực (giờ)',
    issue: 'Cấp liên kết xem',
    none: 'Chưa cấp liên kết xem nào.',
    page: 'Trang xem trên trình duyệt (báo chí, quan sát viên)',
    player: 'Địa chỉ cho VLC, đài truyền hình, cổng thông tin (HLS)',
    issuedBy: (role: string) => `Cấp bởi ${role}`,
    revoked: 'Đã thu hồi',
    expired: 'Đã hết hạn',
  },
};
