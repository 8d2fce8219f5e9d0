import dgram from 'node:dgram';
import { startsVp8KeyFrame } from '../media/rtp-packet.js';
import { isRtcp, senderReport, StreamClock } from './stream-clock.js';

// Between a point's taps and its recorder's ffmpeg: each tap sends to a socket here, which forwards
// the RTP with its timestamps put on the recorder's timeline (stream-clock.ts) and keeps
// mediasoup's own RTCP from ffmpeg: ffmpeg hears sender reports from here alone, and they never
// move a stream once it is anchored.
// With a camera among the streams, nothing reaches ffmpeg before the camera's first key frame:
// ffmpeg learns the picture's size from it within its probe (5 s of stream time), and sound going
// ahead alone would run that probe out while the SFU's consumer has not yet forwarded a picture
// (a simulcast consumer forwards nothing until its layer's next key frame; 48 recorders started
// beside a 1 + 64 conference waited up to 10 s). What comes before it is dropped, not held.

export type RelayStream = {
  kind: 'audio' | 'video';
  ssrc: number;
  clockRate: number;
  /** where the tap sends (this relay listens there) */
  listenPort: number;
  /** where ffmpeg listens for this stream */
  ffmpegPort: number;
};

/** A sender report at least this often (ticks of 32-bit RTP time must stay within ffmpeg's signed deltas). */
const REPORT_EVERY_S = 30;

type Entry = { spec: RelayStream; clock: StreamClock; socket: dgram.Socket; hold?: NodeJS.Timeout; reportedTicks: number };

export class ClockRelay {
  readonly epochMs: number;
  readonly #streams: Entry[] = [];
  #closed = false;
  /** Unix ms the camera's first key frame arrived (null until then; the open time without a camera). */
  #pictureAt: number | null = null;
  readonly #onPicture: (() => void)[] = [];
  #keepAlive: NodeJS.Timeout | undefined;

  private constructor(epochMs: number) {
    this.epochMs = epochMs;
  }

  /** When the camera's first key frame came (Unix ms), null while the relay still waits for it. */
  get pictureAt(): number | null {
    return this.#pictureAt;
  }

  /** Called once the camera's first key frame has come (at once without a camera). */
  onPicture(listener: () => void): void {
    if (this.#pictureAt !== null) listener();
    else this.#onPicture.push(listener);
  }

  #gate(entry: Entry, msg: Buffer): boolean {
    if (this.#pictureAt !== null) return true;
    if (entry.spec.kind !== 'video' || !startsVp8KeyFrame(msg)) return false;
    this.#pictureAt = Date.now();
    clearInterval(this.#keepAlive);
    for (const l of this.#onPicture.splice(0)) l();
    return true;
  }

  /** Binds a socket on each stream's listen port; packets are held there until `announce`. */
  static async open(streams: readonly RelayStream[], opts: { epochMs: number; holdMs: number; ip?: string }): Promise<ClockRelay> {
    const relay = new ClockRelay(opts.epochMs);
    if (!streams.some((s) => s.kind === 'video')) relay.#pictureAt = Date.now();
    const ip = opts.ip ?? '127.0.0.1';
    try {
      for (const spec of streams) {
        const socket = dgram.createSocket('udp4');
        await new Promise<void>((resolve, reject) => {
          socket.once('error', reject);
          socket.bind(spec.listenPort, ip, () => (socket.off('error', reject), resolve()));
        });
        const entry: Entry = { spec, socket, clock: new StreamClock({ clockRate: spec.clockRate, audio: spec.kind === 'audio', epochMs: opts.epochMs, holdMs: opts.holdMs }), reportedTicks: 0 };
        relay.#streams.push(entry);
        socket.on('error', () => undefined);
        socket.on('message', (msg) => {
          if (relay.#closed || isRtcp(msg) || !relay.#gate(entry, msg)) return;
          const wasAnchored = entry.clock.anchored;
          relay.#send(entry, ip, entry.clock.accept(msg, Date.now()));
          if (!wasAnchored && !entry.clock.anchored && !entry.hold) {
            entry.hold = setTimeout(() => relay.#send(entry, ip, entry.clock.release()), opts.holdMs);
            entry.hold.unref();
          }
        });
      }
    } catch (err) {
      relay.close();
      throw err;
    }
    return relay;
  }

  /**
   * Tells ffmpeg the timeline: RTP 0 of every stream is the epoch. Before any packet is forwarded.
   * Repeated every second until the picture comes: ffmpeg's RTP input gives up after 10 s without
   * a datagram (READ_PACKET_TIMEOUT_S in its rtsp.c), and the same report moves nothing.
   */
  announce(ip = '127.0.0.1'): void {
    const tell = () => {
      for (const s of this.#streams) s.socket.send(senderReport(s.spec.ssrc, this.epochMs, 0), s.spec.ffmpegPort, ip);
    };
    tell();
    if (this.#pictureAt !== null || this.#keepAlive) return;
    this.#keepAlive = setInterval(tell, 1_000);
    this.#keepAlive.unref();
  }

  /** Unix ms of each stream's first packet on the timeline (null until anchored). */
  firstPackets(): { kind: 'audio' | 'video'; atMs: number | null }[] {
    return this.#streams.map((s) => ({ kind: s.spec.kind, atMs: s.clock.firstPacketAtMs ?? null }));
  }

  #send(entry: Entry, ip: string, packets: Buffer[]): void {
    if (packets.length === 0) return;
    clearTimeout(entry.hold);
    const ticks = entry.clock.newestTicks ?? 0;
    if (ticks - entry.reportedTicks >= REPORT_EVERY_S * entry.spec.clockRate) {
      // The same line as the first report (epoch ↔ 0), only further along it: nothing moves.
      entry.reportedTicks = ticks;
      entry.socket.send(senderReport(entry.spec.ssrc, this.epochMs + (ticks * 1000) / entry.spec.clockRate, ticks), entry.spec.ffmpegPort, ip);
    }
    for (const p of packets) entry.socket.send(p, entry.spec.ffmpegPort, ip);
  }

  close(): void {
    this.#closed = true;
    clearInterval(this.#keepAlive);
    for (const s of this.#streams) {
      clearTimeout(s.hold);
      try {
        s.socket.close();
      } catch {
        // already closed
      }
    }
  }
}
