import dgram from 'node:dgram';
import { isVp8KeyFrameStart, rtpHeader } from '../media/rtp-packet.js';

// One input of the live program's compositor (a "slot": the main picture, or a room's sound) as
// one RTP stream that never stops and never restarts. The points' taps send their RTP here (each
// to its own loopback socket); the slot forwards the packets of the point the program shows in it,
// rewritten as an SFU does when it switches simulcast layers: its own SSRC, a sequence that goes
// on by one, timestamps from one clock. A picture is switched only at the new point's key frame,
// so ffmpeg's decoder never sees a frame it cannot decode. When no point feeds the slot (nobody
// shown, a camera gone, a microphone closed by the meeting) the slot sends a filler — a key frame
// of the program's background or of the shown point's name plate, or Opus silence — so the compositor is never starved and the HLS
// stream and the RTMP push go on through any change of the meeting.

export type SlotKind = 'video' | 'audio';

/** What the slot sends when no point feeds it: one whole frame, as RTP payloads (each with its VP8 descriptor), or one Opus packet. */
export type Filler = { payloads: Buffer[] };

const VIDEO_CLOCK = 90; // per ms
const AUDIO_FRAME = 960; // 20 ms at 48 kHz
/** A picture slot with nothing forwarded this long sends its filler (and waits for a key frame again). */
const VIDEO_STALL_MS = 400;
const VIDEO_FILL_EVERY_MS = 200;
const AUDIO_STALL_MS = 60;

/** A VP8 frame cut into RTP payloads of at most `mtu` bytes, each with the one-byte descriptor (RFC 7741). */
export function vp8Payloads(frame: Buffer, mtu = 1100): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0; at < frame.length; at += mtu) out.push(Buffer.concat([Buffer.from([at === 0 ? 0x10 : 0x00]), frame.subarray(at, at + mtu)]));
  return out;
}

/** The Opus packet of 20 ms of silence (one SILK frame, the TOC byte 0xF8), what WebRTC's DTX sends. */
export const OPUS_SILENCE: Filler = { payloads: [Buffer.from([0xf8, 0xff, 0xfe])] };

export class SlotRelay {
  readonly kind: SlotKind;
  readonly #socket = dgram.createSocket('udp4');
  readonly #out: { ip: string; port: number };
  readonly #pt: number;
  readonly #ssrc = (Math.random() * 0xffffffff) >>> 0;
  readonly #filler: Filler;
  readonly #t0 = Date.now();
  readonly #timer: NodeJS.Timeout;
  /** the point this slot should show, and the one it forwards now */
  #want: string | null = null;
  #current: string | null = null;
  #seq = Math.floor(Math.random() * 0x8000);
  #ts = 0;
  /** after a switch or a filler, the source's sequence numbers are re-based to follow ours by one */
  #rebase = true;
  #seqOffset = 0;
  /** the source timestamp of the frame being forwarded */
  #lastSourceTs: number | null = null;
  #lastForwardAt = 0;
  /** 20 ms sound frames sent so far: the sound's clock */
  #audioFrames = 0;
  #closed = false;
  /** packets forwarded from points, fillers sent, switches made (diagnostics, tests) */
  readonly counts = { forwarded: 0, filled: 0, switches: 0 };
  #onKeyFrameWanted: (pointId: string) => void = () => undefined;
  /** a point's name plate, when ready: what the slot shows while the point it wants sends no picture */
  #plateOf: (pointId: string) => Filler | undefined = () => undefined;

  private constructor(kind: SlotKind, out: { ip: string; port: number }, pt: number, filler: Filler) {
    this.kind = kind;
    this.#out = out;
    this.#pt = pt;
    this.#filler = filler;
    this.#timer = setInterval(() => this.#tick(), kind === 'video' ? VIDEO_FILL_EVERY_MS : 20);
    this.#timer.unref();
  }

  /**
   * A slot sending to the compositor's port. Its first packet goes out at once: ffmpeg's clock for
   * every slot starts at its first packet, so slots opened together keep picture and sound together.
   */
  static async open(kind: SlotKind, out: { ip: string; port: number }, pt: number, filler: Filler): Promise<SlotRelay> {
    const relay = new SlotRelay(kind, out, pt, filler);
    await new Promise<void>((resolve) => relay.#socket.bind(0, '127.0.0.1', resolve));
    relay.#tick();
    return relay;
  }

  /** Who is asked for a key frame while the slot waits for one (the point's tap). */
  onKeyFrameWanted(listener: (pointId: string) => void): void {
    this.#onKeyFrameWanted = listener;
  }

  /** Where the slot finds a point's name plate (filler.ts namePlateKeyFrame); the background until one is ready. */
  platesFrom(plateOf: (pointId: string) => Filler | undefined): void {
    this.#plateOf = plateOf;
  }

  /** The point the program shows in this slot (null: nobody; the filler). */
  show(pointId: string | null): void {
    if (pointId === this.#want) return;
    this.#want = pointId;
    if (this.kind === 'audio' || pointId === null) {
      this.#current = pointId;
      this.#lastSourceTs = null;
      this.#rebase = true;
      return;
    }
    this.#onKeyFrameWanted(pointId);
  }

  /** The point whose packets the slot forwards now (a picture switches at the next key frame). */
  get showing(): string | null {
    return this.#current;
  }

  get wanted(): string | null {
    return this.#want;
  }

  /** A packet of `pointId`'s tap (its RTP as the SFU forwards it). */
  receive(pointId: string, packet: Buffer): void {
    if (this.#closed || pointId !== this.#want) return;
    const h = rtpHeader(packet);
    if (!h) return;
    if (this.#current !== pointId) {
      // Switch only at the start of a key frame: before it the new point's frames cannot be decoded.
      if (!isVp8KeyFrameStart(packet.subarray(h.headerLength))) return;
      this.#current = pointId;
      this.#lastSourceTs = null;
      this.#rebase = true;
      this.counts.switches += 1;
    }
    if (h.ts !== this.#lastSourceTs) {
      this.#lastSourceTs = h.ts;
      this.#ts = this.#nextTs();
    }
    if (this.#rebase) {
      this.#seqOffset = (this.#seq + 1 - h.seq) & 0xffff;
      this.#rebase = false;
    }
    const out = Buffer.from(packet);
    this.#seq = (h.seq + this.#seqOffset) & 0xffff;
    out[1] = (out[1]! & 0x80) | this.#pt;
    out.writeUInt16BE(this.#seq, 2);
    out.writeUInt32BE(this.#ts >>> 0, 4);
    out.writeUInt32BE(this.#ssrc, 8);
    this.#send(out);
    this.#lastForwardAt = Date.now();
    this.counts.forwarded += 1;
  }

  #nextTs(): number {
    // A picture's time is the wall clock's, so a switch between points (each with its own clock)
    // never jumps; the sound's is its count of 20 ms frames, kept to the wall clock by the fillers.
    if (this.kind === 'video') return Math.max(this.#ts + 1, Math.round((Date.now() - this.#t0) * VIDEO_CLOCK));
    return this.#audioFrames++ * AUDIO_FRAME;
  }

  #tick(): void {
    if (this.#closed) return;
    const now = Date.now();
    if (this.kind === 'video') {
      if (now - this.#lastForwardAt < VIDEO_STALL_MS) return;
      // Nothing from the point: its name plate (or the background); nobody shown: the
      // background. The point then starts again from a key frame.
      this.#current = null;
      if (this.#want !== null) this.#onKeyFrameWanted(this.#want);
      this.#sendFiller(this.#want === null ? this.#filler : (this.#plateOf(this.#want) ?? this.#filler));
      return;
    }
    // Sound: silence for the 20 ms frames the wall clock says are due and the point did not send.
    if (now - this.#lastForwardAt < AUDIO_STALL_MS) return;
    const due = Math.floor((now - this.#t0) / 20) + 1;
    while (this.#audioFrames < due) this.#sendFiller();
  }

  #sendFiller(filler = this.#filler): void {
    this.#ts = this.#nextTs();
    const payloads = filler.payloads;
    payloads.forEach((payload, i) => {
      const header = Buffer.alloc(12);
      header[0] = 0x80;
      header[1] = (i === payloads.length - 1 ? 0x80 : 0) | this.#pt;
      this.#seq = (this.#seq + 1) & 0xffff;
      header.writeUInt16BE(this.#seq, 2);
      header.writeUInt32BE(this.#ts >>> 0, 4);
      header.writeUInt32BE(this.#ssrc, 8);
      this.#send(Buffer.concat([header, payload]));
    });
    this.counts.filled += 1;
    this.#rebase = true;
    this.#lastSourceTs = null;
  }

  #send(packet: Buffer): void {
    if (!this.#closed) this.#socket.send(packet, this.#out.port, this.#out.ip);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#timer);
    this.#socket.close();
  }
}
