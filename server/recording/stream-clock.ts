// One recorded stream's RTP clock put on the recorder's own timeline, so that a point's sound and
// picture line up by construction.
//
// Why: ffmpeg's RTP input times each stream from its own first packet until an RTCP sender report
// for that stream arrives, then re-anchors at every report. mediasoup writes a consumer's reports
// from the moment it forwarded that stream's newest packet, and sends them every 5 s for audio
// (1 s for video): a recording's first seconds had sound and picture each timed from their own
// first packet (the picture waits for a key frame: measured 0.3–0.9 s apart), and every later
// report moved a stream by however late its newest packet happened to be (380 ms under load).
//
// Here: each stream is held for a moment after its first packet; of the packets held, the one that
// arrived soonest after its RTP time anchors the stream (a late packet is late by scheduling, none
// is early, so the least late one is the best estimate of the stream's clock). A packet of sound
// cannot leave before the sound it holds is over, so its RTP time is taken at its end (the step
// to the packet before it: 20 ms for a browser's Opus) — else every recording's sound would be
// placed that much late; a picture is whole at its RTP time. From then on each
// packet's RTP timestamp is rewritten to ticks since the recorder's epoch, once and for all (no
// re-anchoring), and ffmpeg is given sender reports that say exactly that (NTP of the epoch ↔
// RTP 0). ffmpeg (with -copyts) then writes every packet at its time since the epoch: sound and
// picture both, from the first packet on.

export const RTP_WRAP = 2 ** 32;
/** No sound packet is longer (Opus: 120 ms at most); a longer step is a gap, not a length. */
const MAX_PACKET_S = 0.12;

/** Is this datagram RTCP rather than RTP (RFC 5761: packet types 200–204 share the port)? */
export function isRtcp(packet: Buffer): boolean {
  return packet.length >= 2 && packet[1]! >= 200 && packet[1]! <= 204;
}

/** NTP time (seconds since 1900, 32.32 fixed point) of a Unix time in milliseconds. */
export function ntpOf(unixMs: number): { seconds: number; fraction: number } {
  const total = unixMs / 1000 + 2_208_988_800;
  const seconds = Math.floor(total);
  return { seconds, fraction: Math.min(RTP_WRAP - 1, Math.round((total - seconds) * RTP_WRAP)) };
}

/** A minimal RTCP sender report: `ssrc` was at RTP time `rtpTs` at the Unix time `unixMs`. */
export function senderReport(ssrc: number, unixMs: number, rtpTs: number): Buffer {
  const b = Buffer.alloc(28);
  b[0] = 0x80; // version 2, no report blocks
  b[1] = 200;
  b.writeUInt16BE(6, 2); // length in 32-bit words minus one
  b.writeUInt32BE(ssrc >>> 0, 4);
  const ntp = ntpOf(unixMs);
  b.writeUInt32BE(ntp.seconds >>> 0, 8);
  b.writeUInt32BE(ntp.fraction >>> 0, 12);
  b.writeUInt32BE(((rtpTs % RTP_WRAP) + RTP_WRAP) % RTP_WRAP, 16);
  return b;
}

export type StreamClockOptions = {
  clockRate: number;
  /** sound: a packet's RTP time is its start, and it is sent after its end */
  audio?: boolean;
  /** the recorder's timeline zero (Unix ms): RTP 0 of every rewritten stream */
  epochMs: number;
  /** how long after its first packet a stream is held to find its anchor */
  holdMs: number;
};

/**
 * The clock of one stream. `accept` takes each RTP packet as it arrives and returns the packets to
 * forward now (rewritten in place); while the stream is held it returns none, and `release` (when
 * the hold is over, by time) returns the held ones.
 */
export class StreamClock {
  readonly #opts: StreamClockOptions;
  #firstTs: number | undefined;
  #lastTs = 0;
  /** the newest packet's timestamp unwrapped, relative to the first packet's */
  #unwrapped = 0;
  #firstArrival = 0;
  #held: { packet: Buffer; rel: number; arrivalMs: number; lengthTicks: number }[] = [];
  /** ticks added to a packet's relative timestamp to give its ticks since the epoch; set once */
  #shift: number | undefined;

  constructor(opts: StreamClockOptions) {
    this.#opts = opts;
  }

  /** Where the stream's clock was anchored: Unix ms of its first packet's RTP time, once known. */
  get firstPacketAtMs(): number | undefined {
    return this.#shift === undefined ? undefined : this.#opts.epochMs + (this.#shift * 1000) / this.#opts.clockRate;
  }

  get anchored(): boolean {
    return this.#shift !== undefined;
  }

  /** Ticks since the epoch of the newest packet forwarded (what a sender report may say). */
  get newestTicks(): number | undefined {
    return this.#shift === undefined ? undefined : this.#unwrapped + this.#shift;
  }

  accept(packet: Buffer, arrivalMs: number): Buffer[] {
    if (packet.length < 12) return [];
    const rel = this.#relative(packet.readUInt32BE(4));
    if (this.#shift === undefined) {
      if (this.#held.length === 0) this.#firstArrival = arrivalMs;
      const before = this.#held[this.#held.length - 1];
      // A sound packet's length: the step from the one before (none known for the first).
      const step = before && this.#opts.audio ? rel - before.rel : 0;
      this.#held.push({ packet, rel, arrivalMs, lengthTicks: step > 0 && step <= this.#opts.clockRate * MAX_PACKET_S ? step : 0 });
      return arrivalMs - this.#firstArrival >= this.#opts.holdMs ? this.release() : [];
    }
    return [this.#rewrite(packet, rel)];
  }

  /** Ends the hold: anchors the clock on the packets held so far and returns them, rewritten. */
  release(): Buffer[] {
    if (this.#shift !== undefined || this.#held.length === 0) return [];
    const msPerTick = 1000 / this.#opts.clockRate;
    // The least late packet: the smallest arrival − RTP time (relative to the first packet, at
    // the sound's end for sound; the first sound packet, of unknown length, only if alone).
    const sized = this.#held.filter((h) => h.lengthTicks > 0);
    const timed = this.#opts.audio && sized.length > 0 ? sized : this.#held;
    const firstAt = Math.min(...timed.map((h) => h.arrivalMs - (h.rel + h.lengthTicks) * msPerTick));
    this.#shift = Math.round(((firstAt - this.#opts.epochMs) * this.#opts.clockRate) / 1000);
    const held = this.#held;
    this.#held = [];
    return held.map((h) => this.#rewrite(h.packet, h.rel));
  }

  /** A packet's timestamp relative to the stream's first, unwrapped (RTP time wraps at 2³²). */
  #relative(ts: number): number {
    if (this.#firstTs === undefined) {
      this.#firstTs = ts;
      this.#lastTs = ts;
      return 0;
    }
    // Signed 32-bit difference from the newest packet: reordered packets come out a little behind.
    const step = ((ts - this.#lastTs + RTP_WRAP + RTP_WRAP / 2) % RTP_WRAP) - RTP_WRAP / 2;
    const rel = this.#unwrapped + step;
    if (step > 0) {
      this.#unwrapped = rel;
      this.#lastTs = ts;
    }
    return rel;
  }

  #rewrite(packet: Buffer, rel: number): Buffer {
    const ticks = rel + this.#shift!;
    packet.writeUInt32BE(((ticks % RTP_WRAP) + RTP_WRAP) % RTP_WRAP, 4);
    return packet;
  }
}
