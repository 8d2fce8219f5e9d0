import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';

// The RTMP push of the live program, apart from the HLS: the mixer sends its encoded program (one
// MPEG-TS stream, H.264 + AAC) to a loopback UDP port, and this pusher's own ffmpeg reads it there
// and copies it, without re-encoding, as FLV to the configured address. A TV station's receiver
// that is down, refuses or drops the connection only ends this ffmpeg: the mixer's UDP datagrams
// go on (to nobody, never blocking it), so the HLS is never disturbed. The pusher starts again
// after a pause that doubles at each failure in a row, up to a cap, and back to the first pause
// once a push has lasted. Its state (pushing, or retrying with the last error) is what the
// live stream service reports in the logs and the metrics.

export type PusherState =
  | { state: 'starting'; attempt: number }
  | { state: 'pushing'; attempt: number; since: number }
  | { state: 'retrying'; attempt: number; error: string; retryAt: number }
  | { state: 'stopped' };

export type PusherOptions = {
  /** the loopback UDP port the mixer sends the program to (MPEG-TS) */
  port: number;
  url: string;
  ffmpegPath?: string;
  /** first pause after a failure, then doubled up to maxDelayMs */
  firstDelayMs?: number;
  maxDelayMs?: number;
};

/** A push that lasted this long is a success: the next failure waits the first pause again. */
const STEADY_MS = 30_000;
const STOP_GRACE_MS = 3_000;

/** The pause before attempt `failures + 1`: first · 2^(failures − 1), at most max. */
export function retryDelay(failures: number, firstMs: number, maxMs: number): number {
  return Math.min(maxMs, firstMs * 2 ** Math.max(0, failures - 1));
}

/** The address without its stream key or credentials (for logs and metrics). */
export function redactedRtmpUrl(url: string): string {
  try {
    const u = new URL(url);
    const segments = u.pathname.split('/').filter(Boolean);
    return `${u.protocol}//${u.host}/${segments.slice(0, 1).join('/')}${segments.length > 1 ? '/…' : ''}`;
  } catch {
    return 'rtmp://…';
  }
}

/**
 * ffmpeg's error line as an operator may see it (consoles, metrics, logs): ffmpeg names the
 * address it failed on, stream key and credentials included, so the address is replaced by its
 * redacted form and any stream key or password left is blanked; the `[rtmp @ 0x…]` prefix goes.
 */
export function redactedError(line: string, url: string): string {
  const secrets = new Set<string>();
  try {
    const u = new URL(url);
    u.pathname.split('/').filter(Boolean).slice(1).forEach((s) => secrets.add(s));
    if (u.username) secrets.add(u.username);
    if (u.password) secrets.add(u.password);
  } catch {
    // not a URL: only the whole address is replaced
  }
  let out = line.split(url).join(redactedRtmpUrl(url)).replace(/^\[[a-z0-9_]+ @ 0x[0-9a-f]+\]\s*/i, '');
  for (const s of [...secrets].filter((x) => x.length >= 3).sort((a, b) => b.length - a.length)) out = out.split(s).join('…');
  return out.slice(0, 300);
}

export class RtmpPusher extends EventEmitter<{ state: [PusherState] }> {
  readonly #opts: Required<Omit<PusherOptions, 'ffmpegPath'>> & { ffmpegPath: string };
  #state: PusherState = { state: 'starting', attempt: 1 };
  #ffmpeg: ChildProcess | undefined;
  #exited: Promise<void> = Promise.resolve();
  #timer: NodeJS.Timeout | undefined;
  /** failures in a row (the pause grows with them) and in all; the last one's error */
  #failures = 0;
  #failedAttempts = 0;
  #lastError: string | null = null;
  #attempt = 0;
  #stopped = false;

  constructor(opts: PusherOptions) {
    super();
    this.#opts = { firstDelayMs: 1_000, maxDelayMs: 30_000, ffmpegPath: 'ffmpeg', ...opts };
  }

  get state(): PusherState {
    return this.#state;
  }

  /** Attempts so far (the first push included). */
  get attempts(): number {
    return this.#attempt;
  }

  /** Attempts that failed so far. */
  get failedAttempts(): number {
    return this.#failedAttempts;
  }

  /** The last failure's error, kept while a later attempt connects or pushes (null before any). */
  get lastError(): string | null {
    return this.#lastError;
  }

  start(): void {
    if (!this.#stopped) this.#spawn();
  }

  #set(state: PusherState): void {
    this.#state = state;
    this.emit('state', state);
  }

  #spawn(): void {
    this.#attempt += 1;
    const attempt = this.#attempt;
    this.#set({ state: 'starting', attempt });
    const args = [
      '-hide_banner', '-loglevel', 'error', '-nostats', '-progress', 'pipe:1',
      // An input that stops (the mixer ended or is not there yet) ends the attempt after 10 s.
      '-rw_timeout', '10000000',
      '-fflags', 'nobuffer', '-analyzeduration', '2000000',
      '-i', `udp://127.0.0.1:${this.#opts.port}?fifo_size=262144&overrun_nonfatal=1&timeout=10000000`,
      '-map', '0:v:0', '-map', '0:a:0', '-c', 'copy',
      // A receiver that takes nothing must not hold the pusher for ever: a write not taken within 10 s ends the attempt.
      '-rw_timeout', '10000000',
      '-f', 'flv', this.#opts.url,
    ];
    const ffmpeg = spawn(this.#opts.ffmpegPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.#ffmpeg = ffmpeg;
    let stderr = '';
    let startedAt = 0;
    ffmpeg.stderr?.setEncoding('utf8');
    ffmpeg.stderr?.on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-1000)));
    ffmpeg.stdout?.setEncoding('utf8');
    // -progress: key=value lines every 0.5 s; bytes written past the header mean the receiver takes it.
    ffmpeg.stdout?.on('data', (chunk: string) => {
      const size = /total_size=(\d+)/.exec(chunk);
      if (size && Number(size[1]) > 0 && this.#state.state === 'starting' && this.#attempt === attempt) {
        startedAt = Date.now();
        this.#set({ state: 'pushing', attempt, since: startedAt });
      }
    });
    this.#exited = new Promise((resolve) => {
      ffmpeg.once('error', (err) => (stderr += err.message));
      ffmpeg.once('exit', (code, signal) => {
        resolve();
        if (this.#stopped) return;
        if (startedAt && Date.now() - startedAt >= STEADY_MS) this.#failures = 0;
        this.#failures += 1;
        this.#failedAttempts += 1;
        const delay = retryDelay(this.#failures, this.#opts.firstDelayMs, this.#opts.maxDelayMs);
        const error = redactedError(lastLine(stderr), this.#opts.url) || `ffmpeg exited (${code ?? signal})`;
        this.#lastError = error;
        this.#set({ state: 'retrying', attempt, error, retryAt: Date.now() + delay });
        this.#timer = setTimeout(() => this.#spawn(), delay);
        this.#timer.unref();
      });
    });
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    const ffmpeg = this.#ffmpeg;
    if (ffmpeg && ffmpeg.exitCode === null && ffmpeg.signalCode === null) {
      ffmpeg.kill('SIGINT');
      const timer = setTimeout(() => ffmpeg.kill('SIGKILL'), STOP_GRACE_MS);
      await this.#exited;
      clearTimeout(timer);
    }
    this.#set({ state: 'stopped' });
  }
}

function lastLine(text: string): string {
  return text.trim().split('\n').filter(Boolean).pop()?.slice(0, 300) ?? '';
}
