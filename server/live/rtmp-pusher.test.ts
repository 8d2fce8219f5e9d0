import { describe, expect, it } from 'vitest';
import { redactedError, redactedRtmpUrl } from './rtmp-pusher.js';

// What an operator sees of the RTMP address (consoles, /metrics, logs): never the stream key nor
// the credentials, also inside ffmpeg's own error lines, which name the address they failed on.

describe('the RTMP address as shown', () => {
  const url = 'rtmp://phat:matkhau123@tv.camau.gov.vn:1935/live/hoinghi-2021-xyz';

  it('keeps the host and the application, not the stream key or the credentials', () => {
    expect(redactedRtmpUrl(url)).toBe('rtmp://tv.camau.gov.vn:1935/live/…');
    expect(redactedRtmpUrl('rtmp://127.0.0.1:1935/live')).toBe('rtmp://127.0.0.1:1935/live');
  });

  it("takes them out of ffmpeg's error lines too, and its [rtmp @ 0x…] prefix", () => {
    expect(redactedError(`${url}: Connection refused`, url)).toBe('rtmp://tv.camau.gov.vn:1935/live/…: Connection refused');
    expect(redactedError('[rtmp @ 0x55d0c8a1b2c0] Server error: stream hoinghi-2021-xyz is already publishing', url)).toBe('Server error: stream … is already publishing');
    expect(redactedError('[tcp @ 0x5600] auth failed for phat / matkhau123', url)).toBe('auth failed for … / …');
    expect(redactedError('x'.repeat(500), url)).toHaveLength(300);
  });
});
