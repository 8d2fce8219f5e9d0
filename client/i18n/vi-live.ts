// The watch links the organiser hands to players without headers and to the press
// (client/ui/organiser/WatchLinks.tsx), in Vietnamese (the catalogue's `liveWatch` key; en-live.ts
// must match it key by key). The watch page itself has its own two-language table
// (client/watch/texts.ts): it loads without the console's catalogue.

export const viLive = {
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
