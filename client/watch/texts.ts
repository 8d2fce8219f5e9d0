// The watch page's words (client/watch.html): Vietnamese first, English after, both always shown —
// the page is opened by the press and observers who may read either, and it carries no language
// switch (it loads none of the consoles' catalogue, to stay small).

export type Bilingual = { readonly vi: string; readonly en: string };

export const WATCH_TEXT = {
  pageTitle: { vi: 'Phát trực tiếp', en: 'Live stream' },
  live: { vi: 'Đang phát trực tiếp', en: 'Live' },
  loading: { vi: 'Đang mở liên kết xem…', en: 'Opening the watch link…' },
  noLink: {
    vi: 'Địa chỉ này không có liên kết xem. Hãy mở đúng đường dẫn ban tổ chức gửi (…/live/<mã>/).',
    en: 'This address carries no watch link. Open the exact address the organiser sent (…/live/<code>/).',
  },
  revoked: { vi: 'Liên kết xem này đã bị thu hồi. Hãy xin ban tổ chức liên kết mới.', en: 'This watch link has been revoked. Ask the organiser for a new one.' },
  expired: { vi: 'Liên kết xem này đã hết hạn. Hãy xin ban tổ chức liên kết mới.', en: 'This watch link has expired. Ask the organiser for a new one.' },
  invalid: {
    vi: 'Liên kết xem không hợp lệ (không do máy chủ này cấp, hoặc đã bị chép thiếu). Hãy kiểm tra lại đường dẫn.',
    en: 'This watch link is not valid (not issued by this server, or copied incompletely). Check the address.',
  },
  rateLimited: (seconds: number): Bilingual => ({
    vi: `Có quá nhiều lần thử từ máy này; trang sẽ thử lại sau ${seconds} giây.`,
    en: `Too many attempts from this computer; the page tries again in ${seconds} s.`,
  }),
  gone: { vi: 'Hội nghị của liên kết này không còn trên máy chủ.', en: 'The conference of this link is no longer on the server.' },
  off: {
    vi: 'Hội nghị chưa phát trực tiếp. Trang sẽ tự phát khi bắt đầu, không cần tải lại.',
    en: 'The conference is not live yet. This page starts playing by itself when it begins; no need to reload.',
  },
  ended: {
    vi: 'Buổi phát trực tiếp đã kết thúc hoặc tạm dừng. Trang sẽ tự phát lại nếu hội nghị phát tiếp.',
    en: 'The live stream has ended or paused. This page plays again by itself if the conference goes live again.',
  },
  starting: { vi: 'Đang bắt đầu phát trực tiếp…', en: 'The live stream is starting…' },
  unreachable: { vi: 'Không kết nối được tới máy chủ; đang thử lại…', en: 'Cannot reach the server; retrying…' },
  unsupported: {
    vi: 'Trình duyệt này không phát được bản phát trực tiếp (HLS). Hãy dùng Chrome, Edge, Firefox hoặc Safari bản mới, hoặc mở địa chỉ …/index.m3u8 của liên kết bằng VLC.',
    en: 'This browser cannot play the live stream (HLS). Use a recent Chrome, Edge, Firefox or Safari, or open the link’s …/index.m3u8 address in VLC.',
  },
  soundOn: { vi: 'Bật tiếng', en: 'Sound on' },
  delay: {
    vi: 'Hình và tiếng đến chậm hơn hội trường vài giây.',
    en: 'Picture and sound arrive a few seconds after the hall.',
  },
  videoLabel: { vi: 'Bản phát trực tiếp hội nghị', en: 'The conference live stream' },
} as const;

/** "vi / en" in one line, for attributes and the document title. */
export const oneLine = (t: Bilingual): string => `${t.vi} / ${t.en}`;
