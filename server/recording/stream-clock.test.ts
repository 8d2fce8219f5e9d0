import { describe, expect, it } from 'vitest';
import { isRtcp, ntpOf, senderReport, StreamClock } from './stream-clock.js';

// A stream's RTP clock on the recorder's timeline: anchored once on the least late packet of its
// first moment, never moved after, and ffmpeg told so by a sender report of the epoch.

function rtp(ts: number, seq = 0): Buffer {
  const b = Buffer.alloc(20);
  b[0] = 0x80;
  b[1] = 100;
  b.writeUInt16BE(seq, 2);
  b.writeUInt32BE(ts >>> 0, 4);
  b.writeUInt32BE(1234, 8);
  return b;
}
const tsOf = (b: Buffer) => b.readUInt32BE(4);

describe('a recorded stream’s clock', () => {
  const epochMs = 1_700_000_000_000;

  it('holds the first packets, then anchors on the one that arrived least late and rewrites all to ticks since the epoch', () => {
    const clock = new StreamClock({ clockRate: 48_000, epochMs, holdMs: 100 });
    // 20 ms packets of Opus; RTP time starts anywhere. The first two arrive late (scheduling), the
    // third on time: its arrival says the stream's RTP 4_000_000 was at epoch + 2000 ms + 40 ms.
    const base = 4_000_000 - 2 * 960;
    expect(clock.accept(rtp(base), epochMs + 2_000 + 30)).toEqual([]);
    expect(clock.accept(rtp(base + 960), epochMs + 2_020 + 25)).toEqual([]);
    expect(clock.accept(rtp(base + 1920), epochMs + 2_040)).toEqual([]);
    expect(clock.anchored).toBe(false);
    const out = clock.accept(rtp(base + 2880), epochMs + 2_130 + 5);
    expect(clock.anchored).toBe(true);
    // ticks since the epoch: the first packet at 2000 ms = 96_000 ticks, then 20 ms apart
    expect(out.map(tsOf)).toEqual([96_000, 96_960, 97_920, 98_880]);
    expect(clock.firstPacketAtMs).toBe(epochMs + 2_000);
    // Later packets keep that line whatever their own lateness: nothing re-anchors.
    expect(clock.accept(rtp(base + 3840), epochMs + 2_900).map(tsOf)).toEqual([99_840]);
    expect(clock.newestTicks).toBe(99_840);
  });

  it('times a sound packet by its end: it cannot leave before the sound it holds is over', () => {
    const clock = new StreamClock({ clockRate: 48_000, audio: true, epochMs, holdMs: 100 });
    // Opus packets of 20 ms, each sent as soon as its sound is over (the second and third), or later.
    clock.accept(rtp(0), epochMs + 1_000 + 35);
    clock.accept(rtp(960), epochMs + 1_040);
    clock.accept(rtp(1920), epochMs + 1_060);
    const out = clock.accept(rtp(2880), epochMs + 1_150);
    // The second packet's sound ended at 1040 ms, so it began at 1020 and the first at 1000.
    expect(clock.firstPacketAtMs).toBe(epochMs + 1_000);
    expect(out.map(tsOf)).toEqual([48_000, 48_960, 49_920, 50_880]);
  });

  it('releases what it holds when the hold ends by time, and follows RTP time across its 32-bit wrap', () => {
    const clock = new StreamClock({ clockRate: 90_000, epochMs, holdMs: 800 });
    const first = 2 ** 32 - 3000;
    expect(clock.accept(rtp(first), epochMs + 1_000)).toEqual([]);
    expect(clock.release().map(tsOf)).toEqual([90_000]);
    expect(clock.release()).toEqual([]);
    // 6000 ticks later the sender's clock wrapped past zero: still 6000 ticks later here.
    expect(clock.accept(rtp(3000), epochMs + 1_067).map(tsOf)).toEqual([96_000]);
    // A reordered packet from before comes out before, not 2³² ticks after.
    expect(clock.accept(rtp(2 ** 32 - 10), epochMs + 1_070).map(tsOf)).toEqual([92_990]);
  });

  it('tells RTCP from RTP on a muxed port and writes a sender report ffmpeg reads: NTP of the epoch ↔ RTP time', () => {
    const sr = senderReport(0xdeadbeef, epochMs + 1500, 135_000);
    expect(isRtcp(sr)).toBe(true);
    expect(isRtcp(rtp(1))).toBe(false);
    expect(sr.length).toBe(28);
    expect(sr.readUInt32BE(4)).toBe(0xdeadbeef);
    const ntp = ntpOf(epochMs + 1500);
    expect(ntp.seconds).toBe(epochMs / 1000 + 1 + 2_208_988_800);
    expect(ntp.fraction).toBe(2 ** 31);
    expect([sr.readUInt32BE(8), sr.readUInt32BE(12), sr.readUInt32BE(16)]).toEqual([ntp.seconds, ntp.fraction, 135_000]);
  });
});
