import { io, type Socket } from 'socket.io-client';
import { replay } from '../../../shared/meeting/evolve.js';
import { emptyState, type MeetingState } from '../../../shared/meeting/index.js';
import type { Command } from '../../../shared/protocol/index.js';
import { projectStored, readerOf, stateFor } from '../../../server/rooms/readView.js';
import type {
  Ack,
  CatchUpPage,
  ClientToServerEvents,
  ConnectRefusal,
  LiveEvents,
  PointDevices,
  ServerToClientEvents,
  SessionEnded,
  StoredMeetingEvent,
  Welcome,
} from '../../../shared/protocol/socket.js';

// A real socket.io client that does what the browser's net/ layer must do: connect with its token
// and last seq, fold catch-up pages then live events with the shared evolve, and check that seqs
// arrive gapless and never twice. Anything out of order is recorded as a violation, not hidden.

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface ConnectOptions {
  lastSeq?: number;
  conferenceId?: string;
  extraHeaders?: Record<string, string>;
  /** keep state from a previous connection (a reconnect) */
  from?: { seq: number; state: MeetingState; log: StoredMeetingEvent[] };
  /** only track seqs, do not fold the state (load generators joining with a late lastSeq) */
  seqOnly?: boolean;
  /** a standby reconnecting: its socket id on the connection it waited on */
  waitedAs?: string;
}

export class MeetingClient {
  readonly socket: ClientSocket;
  seq = 0;
  state: MeetingState = emptyState();
  /** every event folded, in order */
  log: StoredMeetingEvent[] = [];
  welcome: Welcome | undefined;
  readonly violations: string[] = [];
  readonly ended: SessionEnded[] = [];
  readonly devices: PointDevices[] = [];
  readonly standbyNotices: boolean[] = [];
  resets = 0;
  caughtUp = false;
  /** every catch-up page and live batch as it arrived (JSON), to look for what the role may not read */
  readonly received: string[] = [];
  #waiters: { seq: number; resolve: () => void }[] = [];

  readonly #seqOnly: boolean;

  private constructor(socket: ClientSocket, from?: ConnectOptions['from'], seqOnly = false) {
    this.socket = socket;
    this.#seqOnly = seqOnly;
    if (from) {
      this.seq = from.seq;
      this.state = from.state;
      this.log = [...from.log];
    }
    socket.on('welcome', (w) => (this.welcome = w));
    socket.on('catchUp', (page: CatchUpPage) => {
      if (page.reset) {
        this.resets++;
        this.seq = 0;
        this.state = emptyState();
        this.log = [];
      }
      this.received.push(JSON.stringify(page));
      this.#fold(page.events, 'catchUp', page.withheld);
      if (page.done) this.caughtUp = true;
    });
    socket.on('events', (batch: LiveEvents) => {
      if (!this.caughtUp) this.violations.push(`live events before catch-up was done (seq ${batch.events[0]?.seq})`);
      this.received.push(JSON.stringify(batch));
      this.#fold(batch.events, 'live', batch.withheld);
    });
    socket.on('sessionEnded', (notice) => this.ended.push(notice));
    socket.on('devices', (notice) => this.devices.push(notice));
    socket.on('standby', (notice) => this.standbyNotices.push(notice.standby));
  }

  /** Folds in seq order; a withheld seq (R-READ-4) counts as folded, with nothing to fold. */
  #fold(events: readonly StoredMeetingEvent[], how: string, withheld: readonly number[] = []): void {
    const fresh: StoredMeetingEvent[] = [];
    const entries = [...events.map((e) => ({ seq: e.seq, e })), ...withheld.map((seq) => ({ seq, e: undefined }))].sort((a, b) => a.seq - b.seq);
    for (const { seq, e } of entries) {
      if (seq <= this.seq) {
        // An explicit catch-up request may repeat what live already delivered; the rule is to skip.
        if (how === 'live') this.violations.push(`duplicate live seq ${seq} (have ${this.seq})`);
        continue;
      }
      if (seq !== this.seq + 1) this.violations.push(`gap: got seq ${seq} after ${this.seq} (${how})`);
      this.seq = seq;
      if (e) fresh.push(e);
    }
    if (!this.#seqOnly && fresh.length > 0) {
      // A page at once with the core's linear replay, as the browser folds it.
      this.state = replay(
        fresh.map((e) => e.event),
        this.state,
      );
      this.log.push(...fresh);
    }
    this.#waiters = this.#waiters.filter((w) => {
      if (this.seq >= w.seq) w.resolve();
      return this.seq < w.seq;
    });
  }

  static connect(url: string, token: string | undefined, options: ConnectOptions = {}): Promise<MeetingClient> {
    const socket: ClientSocket = io(url, {
      auth: {
        ...(token !== undefined ? { token } : {}),
        ...(options.lastSeq !== undefined ? { lastSeq: options.lastSeq } : options.from ? { lastSeq: options.from.seq } : {}),
        ...(options.conferenceId ? { conferenceId: options.conferenceId } : {}),
        ...(options.waitedAs !== undefined ? { waitedAs: options.waitedAs } : {}),
      },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      ...(options.extraHeaders ? { extraHeaders: options.extraHeaders } : {}),
    });
    const client = new MeetingClient(socket, options.from, options.seqOnly);
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(client));
      socket.once('connect_error', (error: Error & { data?: ConnectRefusal }) => {
        socket.close();
        reject(error);
      });
    });
  }

  /** Connect and resolve once the catch-up is complete. */
  static async join(url: string, token: string, options: ConnectOptions = {}): Promise<MeetingClient> {
    const client = await MeetingClient.connect(url, token, options);
    await client.untilCaughtUp();
    return client;
  }

  async untilCaughtUp(timeoutMs = 10_000): Promise<void> {
    const started = Date.now();
    while (!this.caughtUp) {
      if (Date.now() - started > timeoutMs) throw new Error('catch-up did not complete');
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  send(command: Command | unknown): Promise<Ack> {
    return this.socket.timeout(10_000).emitWithAck('command', { command } as never);
  }

  /** Sends a raw payload as the `command` message (for malformed-input tests). */
  sendRaw(...args: unknown[]): Promise<unknown> {
    return (this.socket.timeout(10_000) as unknown as { emitWithAck: (ev: string, ...a: unknown[]) => Promise<unknown> }).emitWithAck('command', ...args);
  }

  emitRaw(event: string, ...args: unknown[]): Promise<unknown> {
    return (this.socket.timeout(10_000) as unknown as { emitWithAck: (ev: string, ...a: unknown[]) => Promise<unknown> }).emitWithAck(event, ...args);
  }

  /** Sends a command and waits until its events came back over the socket. */
  async do(command: Command): Promise<Ack> {
    const ack = await this.send(command);
    if (ack.ok) await this.untilSeq(ack.seq);
    return ack;
  }

  untilSeq(seq: number, timeoutMs = 10_000): Promise<void> {
    if (this.seq >= seq) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`seq ${seq} not reached (at ${this.seq})`)), timeoutMs);
      this.#waiters.push({
        seq,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  untilDisconnected(timeoutMs = 5_000): Promise<string> {
    if (this.socket.disconnected) return Promise.resolve('already');
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('not disconnected')), timeoutMs);
      this.socket.once('disconnect', (reason) => {
        clearTimeout(timer);
        resolve(reason);
      });
    });
  }

  close(): void {
    this.socket.close();
  }
}

/** Connects and expects a refusal; resolves with the refusal's code. */
export async function refusedJoin(url: string, token: string | undefined, options: ConnectOptions = {}): Promise<string> {
  try {
    const client = await MeetingClient.connect(url, token, options);
    client.close();
    return 'ACCEPTED';
  } catch (error) {
    const e = error as Error & { data?: ConnectRefusal };
    return e.data?.code ?? e.message;
  }
}

/** Polls until `check` holds (for hooks, where expect.poll is not available). */
export async function waitFor(check: () => boolean, timeoutMs = 5_000, what = 'condition'): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A state less the counters of what was folded (R-READ-4: a reader does not fold withheld events). */
export function withoutCounters(state: MeetingState): Omit<MeetingState, 'eventCount' | 'lastEventAt'> {
  const { eventCount: _count, lastEventAt: _last, ...rest } = state;
  return rest;
}

/** What `client`'s replica must hold, given the server's full state: that state as its role may read it. */
export function viewOf(client: MeetingClient, full: MeetingState): Omit<MeetingState, 'eventCount' | 'lastEventAt'> {
  if (!client.welcome) throw new Error('no welcome yet');
  return withoutCounters(stateFor(full, client.welcome.principal));
}

/** The events of a full log that `client` is shown (trimmed where its role reads part of them). */
export function eventsShownTo(client: MeetingClient, full: MeetingState, log: readonly StoredMeetingEvent[]): StoredMeetingEvent[] {
  if (!client.welcome) throw new Error('no welcome yet');
  return projectStored(full, readerOf(full, client.welcome.principal).scope, log).events;
}
