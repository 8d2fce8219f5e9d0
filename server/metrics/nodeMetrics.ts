import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { MediaRequestName } from '../../shared/protocol/media.js';
import type { CommandOutcome } from '../commands/commandService.js';

// The node's numbers in Prometheus text, with prom-client: its default metrics (event-loop lag,
// GC, heap, resident memory, CPU, file descriptors) and the meeting's own. Two registries:
// `aggregate` holds per-node totals anyone on the private network may scrape; `detail` holds the
// series labelled by conference and point, rendered only for an authenticated caller
// (metricsAccess.ts). Each server has its own registries (tests run several in one process).
// Names follow Prometheus conventions: base units (seconds, bytes, bits per second), counters end
// in _total.

const APPEND_BUCKETS_SECONDS = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];
const JOIN_STEP_BUCKETS_SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/**
 * A step of a console's join as the server sees it: the handshake (origin and token checked), the
 * welcome and the end of the catch-up (each from the socket's admission, the room's queue
 * included), and each media request (from its arrival to its answer). A bounded set of labels.
 */
export type JoinStep = 'handshake' | 'welcome' | 'caughtUp' | MediaRequestName;
const CLIENT_ROLES = ['admin', 'chair', 'clerk', 'point', 'observer'] as const;
/** Ack codes are the server's own, but a label value must stay bounded whatever happens. */
const MAX_ACK_CODES = 100;

/** What the room metrics read at each scrape (set once the rooms and the gateway exist). */
export interface RoomsView {
  socketsByRole(): ReadonlyMap<string, number>;
  /** sockets per conference and role, for the detail registry */
  socketsByConference(): ReadonlyMap<string, ReadonlyMap<string, number>>;
  activeConferences(): number;
  failedConferences(): number;
}

export class Metrics {
  readonly aggregate = new Registry();
  readonly detail = new Registry();
  readonly #eventsAppended: Counter;
  readonly #appendDuration: Histogram;
  readonly #commands: Counter<'outcome'>;
  readonly #acks: Counter<'source' | 'code'>;
  readonly #joinsRefused: Counter<'code'>;
  readonly #joinSteps: Histogram<'step'>;
  readonly #forwardedBatches: Counter;
  readonly #forwardedCommands: Counter;
  readonly #ackCodes = new Set<string>();
  #rooms: RoomsView | undefined;

  constructor(info: { store: 'sqlite' | 'postgresql' }) {
    collectDefaultMetrics({ register: this.aggregate });
    const registers = [this.aggregate];
    new Gauge({ name: 'hoinghi_node_info', help: 'This node: where its event log lives (always 1).', labelNames: ['store'], registers }).set(info, 1);
    this.#eventsAppended = new Counter({ name: 'hoinghi_events_appended_total', help: 'Events appended to the log since start.', registers });
    this.#appendDuration = new Histogram({
      name: 'hoinghi_append_duration_seconds',
      help: 'Time to make one batch of events durable (the store append a command waits for before its ack).',
      buckets: APPEND_BUCKETS_SECONDS,
      registers,
    });
    this.#commands = new Counter({ name: 'hoinghi_commands_total', help: 'Commands of clients (sockets and HTTP), by outcome; rate() gives commands per second.', labelNames: ['outcome'], registers });
    for (const outcome of ['accepted', 'refused']) this.#commands.inc({ outcome }, 0);
    this.#acks = new Counter({ name: 'hoinghi_command_acks_total', help: 'Acks sent for commands, by what carried them (socket, http, system) and code (ok or the refusal code).', labelNames: ['source', 'code'], registers });
    this.#joinSteps = new Histogram({
      name: 'hoinghi_join_step_seconds',
      help: 'Server time of each step of a console joining: handshake (token checked), welcome and caughtUp (from the socket admitted, the room queue included), and each media request (arrival to answer), by step.',
      labelNames: ['step'],
      buckets: JOIN_STEP_BUCKETS_SECONDS,
      registers,
    });
    this.#joinsRefused = new Counter({ name: 'hoinghi_joins_refused_total', help: 'Socket joins and API calls refused for their token, by code.', labelNames: ['code'], registers });
    this.#forwardedBatches = new Counter({ name: 'hoinghi_forwarded_batches_total', help: 'Batches of commands this node sent to the node writing their conference (cluster mode).', registers });
    this.#forwardedCommands = new Counter({ name: 'hoinghi_forwarded_commands_total', help: 'Commands in those batches; ÷ batches = commands per round trip.', registers });
    this.#roomGauges(registers);
  }

  #roomGauges(registers: Registry[]): void {
    const rooms = () => this.#rooms;
    new Gauge({
      name: 'hoinghi_connected_sockets',
      help: 'Sockets connected to a conference on this node, by role.',
      labelNames: ['role'],
      registers,
      collect() {
        const byRole = rooms()?.socketsByRole();
        for (const role of CLIENT_ROLES) this.set({ role }, byRole?.get(role) ?? 0);
      },
    });
    new Gauge({
      name: 'hoinghi_active_conferences',
      help: 'Conferences loaded and open on this node.',
      registers,
      collect() {
        this.set(rooms()?.activeConferences() ?? 0);
      },
    });
    new Gauge({
      name: 'hoinghi_failed_conferences',
      help: 'Conferences whose log could not be replayed at start.',
      registers,
      collect() {
        this.set(rooms()?.failedConferences() ?? 0);
      },
    });
    new Gauge({
      name: 'hoinghi_conference_sockets',
      help: 'Sockets connected to one conference, by role (authenticated scrape only).',
      labelNames: ['conference', 'role'],
      registers: [this.detail],
      collect() {
        // Rebuilt at each scrape: a conference that closed leaves no stale series behind.
        this.reset();
        for (const [conference, byRole] of rooms()?.socketsByConference() ?? []) for (const [role, n] of byRole) this.set({ conference, role }, n);
      },
    });
  }

  /** The rooms and sockets the gauges read (they exist after the metrics). */
  watchRooms(view: RoomsView): void {
    this.#rooms = view;
  }

  recordAppend(events: number, ms: number): void {
    this.#eventsAppended.inc(events);
    this.#appendDuration.observe(ms / 1000);
  }

  /** Every ack by source and code; the client's commands (not the server's own presence and media) also by outcome. */
  recordCommand({ source, ack }: CommandOutcome): void {
    this.#acks.inc({ source, code: this.#ackCode(ack.ok ? 'ok' : ack.code) });
    if (source !== 'system') this.#commands.inc({ outcome: ack.ok ? 'accepted' : 'refused' });
  }

  recordJoinStep(step: JoinStep, seconds: number): void {
    this.#joinSteps.observe({ step }, seconds);
  }

  recordForwardedBatch(commands: number): void {
    this.#forwardedBatches.inc();
    this.#forwardedCommands.inc(commands);
  }

  recordJoinRefused(code: string): void {
    this.#joinsRefused.inc({ code: this.#ackCode(code) });
  }

  #ackCode(code: string): string {
    if (this.#ackCodes.has(code)) return code;
    if (this.#ackCodes.size >= MAX_ACK_CODES || !/^[A-Za-z0-9_]{1,64}$/.test(code)) return 'OTHER';
    this.#ackCodes.add(code);
    return code;
  }

  get contentType(): string {
    return this.aggregate.contentType;
  }

  /** The exposition text: the node's aggregates, and the per-conference series when `detail`. */
  async render(detail: boolean): Promise<string> {
    const aggregate = await this.aggregate.metrics();
    return detail ? `${aggregate}\n${await this.detail.metrics()}` : aggregate;
  }
}
