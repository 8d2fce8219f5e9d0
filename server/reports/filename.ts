// A Vietnamese file name for a download, in a Content-Disposition header every browser reads:
// an ASCII fallback in `filename` and the real name in `filename*` (RFC 6266 with the RFC 5987
// UTF-8 encoding), so "Biên bản hội nghị.pdf" is saved with its diacritics.

/** "Biên bản hội nghị" → "Bien ban hoi nghi": for the ASCII-only `filename` parameter. */
export function asciiFallback(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\]/g, '_');
}

/** RFC 5987 value-chars: percent-encode everything outside attr-char (encodeURIComponent leaves '()* alone). */
export function rfc5987(value: string): string {
  return encodeURIComponent(value.normalize('NFC')).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function contentDisposition(fileName: string, disposition: 'attachment' | 'inline' = 'attachment'): string {
  return `${disposition}; filename="${asciiFallback(fileName)}"; filename*=UTF-8''${rfc5987(fileName)}`;
}
