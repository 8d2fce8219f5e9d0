// The live program's RTMP push (đẩy luồng RTMP) on the chair's and the organiser's consoles, in
// Vietnamese (the catalogue's `livePush` key; en-live-push.ts must match it key by key).

const seconds = (ms: number) => Math.max(1, Math.round(ms / 1000));

export const viLivePush = {
  label: 'RTMP',
  starting: 'Đang kết nối',
  pushing: 'Đang đẩy luồng',
  retrying: (inMs: number, attempt: number) => `Lỗi, thử lại sau ${seconds(inMs)} giây (lần ${attempt + 1})`,
  /** the tooltip: where to, and ffmpeg's last error */
  title: (target: string, error: string | null) => `Đẩy luồng RTMP tới ${target}${error ? `. Lỗi gần nhất: ${error}` : ''}`,
};
