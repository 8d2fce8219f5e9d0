import type { z } from 'zod';
import { randomCommand } from '../../shared/meeting/fuzz-commands.js';
import { idsOf } from '../../shared/meeting/buckets.js';
import type { MeetingState } from '../../shared/meeting/index.js';
import { COMMAND_TYPES, CommandSchema, type Principal } from '../../shared/protocol/index.js';
import { MEDIA_REQUESTS, MEDIA_REQUEST_NAMES } from '../../shared/protocol/media.js';
import { AckSchema, CatchUpAckSchema } from '../../shared/protocol/socket.js';
import { REFUSAL_CODES } from './catalogue.js';
import type { PhaseContext } from './context.js';
import type { StoredRow } from './logReader.js';
import { mutate } from './mutate.js';
import { samePrincipal, Speaker } from './speaker.js';
import { sample, type IdPool } from './zodSample.js';

// Socket messages from every principal of a conference, in batches: each speaker sends one to
// three messages at once, then the batch's acks and the log are checked. A message is a core
// command aimed at the conference's state (the replay fuzz's generator), a command of any type
// sampled from its schema, a `media:*` request sampled from its schema, a catch-up request, an
// unknown message, each sometimes mutated; now and then a handshake with a broken token.

const COMMAND_OPTIONS = CommandSchema.options as unknown as { shape: { type: { value: string } } }[];
const ACK_TIMEOUT_MS = 10_000;
const KNOWN_TYPES: ReadonlySet<string> = new Set(COMMAND_TYPES);

export interface SocketStats {
  messages: number;
  refused: number;
  handshakes: number;
  /** command types sent, and those some principal got accepted */
  readonly typesSent: Set<string>;
  readonly typesAccepted: Set<string>;
  readonly codes: Map<string, number>;
  /** ack round trip per message name: [count, total ms] */
  readonly latency: Map<string, [number, number]>;
}

export function newSocketStats(): SocketStats {
  return { messages: 0, refused: 0, handshakes: 0, typesSent: new Set(), typesAccepted: new Set(), codes: new Map(), latency: new Map() };
}

interface Sent {
  readonly speaker: Speaker;
  readonly what: string;
  readonly ok: boolean;
  readonly ackSeq?: number;
}

export function idPool(state: MeetingState, media: Map<string, string[]> = new Map()): IdPool {
  const byField = new Map<string, readonly string[]>([
    ['pointId', state.pointOrder],
    ['pointIds', state.pointOrder],
    ['stepId', state.agenda.order],
    ['stepIds', state.agenda.order],
    ['attendeeId', state.attendeeOrder],
    ['memberId', state.panelOrder],
    ['memberIds', state.panelOrder],
    ['organisationId', state.organisationOrder],
    ['organisationIds', state.organisationOrder],
    ['speechId', state.speechOrder],
    ['requestId', idsOf(state.queue.requests)],
    ['noteId', state.noteOrder],
    ...media,
  ]);
  return { byField, any: [...state.pointOrder, ...state.agenda.order, ...state.attendeeOrder, ...state.panelOrder] };
}

export class SocketFuzzer {
  readonly #c: PhaseContext;
  readonly stats: SocketStats;
  readonly #speakers: Speaker[] = [];
  readonly #mediaIds = new Map<string, string[]>([
    ['transportId', []],
    ['producerId', []],
    ['consumerId', []],
  ]);
  #state!: MeetingState;
  #pool!: IdPool;
  step = 0;

  constructor(context: PhaseContext, options: { stats: SocketStats }) {
    this.#c = context;
    this.stats = options.stats;
  }

  /** Joins one speaker per link (and the server admin, for this conference). */
  async open(serverAdminToken: string): Promise<void> {
    for (const [label, token] of this.#c.conference.tokens) this.#speakers.push(await Speaker.join(this.#c.url, label, token));
    this.#speakers.push(await Speaker.join(this.#c.url, 'server-admin', serverAdminToken, this.#c.conference.conferenceId));
    this.#refresh();
  }

  close(): void {
    for (const s of this.#speakers) s.close();
  }

  #refresh(): void {
    this.#state = this.#c.log.stateOf(this.#c.conference.conferenceId);
    this.#pool = idPool(this.#state, this.#mediaIds);
  }

  /** One message for `speaker`: [message name, its arguments, what it is (for findings)]. */
  #message(speaker: Speaker): [string, unknown[], string] {
    const f = this.#c.fuzz;
    const r = f.int(100);
    if (r < 45) {
      const command = randomCommand(f, this.#state, speaker.principal ?? { role: 'observer' });
      return this.#maybeMutated('command', { command }, `aimed ${(command as { type?: string } | null)?.type ?? 'garbage'}`);
    }
    if (r < 75) {
      const option = f.pick(COMMAND_OPTIONS);
      const command = sample(f, option as unknown as z.ZodType, this.#pool);
      return this.#maybeMutated('command', { command }, `sampled ${option.shape.type.value}`);
    }
    if (r < 88) {
      const name = f.pick(MEDIA_REQUEST_NAMES);
      return this.#maybeMutated(name, sample(f, MEDIA_REQUESTS[name], this.#pool), name);
    }
    if (r < 93) return this.#maybeMutated('catchUp', { afterSeq: f.pick([0, 1, this.#state.conference ? 5 : 0, 2 ** 40, f.int(500)]) }, 'catchUp');
    if (r < 96) return [f.pick(['becomeChair', 'admin', '__proto__', 'constructor', 'toString', 'welcome', 'events', 'sessionEnded', 'media:nope']), [{ please: true }], 'unknown message'];
    // several payloads for one message, or none
    return ['command', f.pick([[], [{ command: { type: 'openQueue' } }, 2], [undefined]]), 'odd arity'];
  }

  #maybeMutated(name: string, payload: unknown, what: string): [string, unknown[], string] {
    if (!this.#c.fuzz.chance(0.2)) return [name, [payload], what];
    // mutate the inner command most of the time, the envelope otherwise
    const inner = (payload as { command?: unknown }).command;
    if (inner !== undefined && this.#c.fuzz.chance(0.7)) {
      const m = mutate(this.#c.fuzz, inner);
      return [name, [{ command: m.value }], `${what}, ${m.name}`];
    }
    const m = mutate(this.#c.fuzz, payload);
    return [name, [m.value], `${what}, ${m.name}`];
  }

  /** Checks one ack's shape and code; returns whether it accepted the message. */
  #judge(name: string, what: string, reply: { ack: unknown[] } | { timeout: true }, speaker: Speaker): Sent {
    if ('timeout' in reply) {
      this.#c.findings.add('no ack', `${speaker.label} ${name} (${what}): no ack within ${ACK_TIMEOUT_MS} ms`, this.step);
      return { speaker, what, ok: false };
    }
    if (reply.ack.length !== 1) this.#c.findings.add('ack arity', `${name} (${what}) acked with ${reply.ack.length} values`, this.step);
    const ack = reply.ack[0] as { ok?: unknown; code?: unknown; seq?: unknown; transport?: { id?: string }; producerId?: string };
    const schema = name === 'catchUp' ? CatchUpAckSchema : name.startsWith('media:') ? null : AckSchema;
    const shaped = schema ? schema.safeParse(ack).success : typeof ack?.ok === 'boolean';
    if (!shaped) this.#c.findings.add(`ill-formed ack of ${name}`, `${what}: ${JSON.stringify(ack).slice(0, 300)}`, this.step);
    if (ack?.ok === true) {
      if (name === 'media:createTransport' && ack.transport?.id) this.#mediaIds.get('transportId')!.push(ack.transport.id);
      if (name === 'media:produce' && ack.producerId) this.#mediaIds.get('producerId')!.push(ack.producerId);
      return { speaker, what, ok: true, ...(typeof ack.seq === 'number' && name === 'command' ? { ackSeq: ack.seq } : {}) };
    }
    const code = String(ack?.code);
    this.stats.codes.set(code, (this.stats.codes.get(code) ?? 0) + 1);
    if (!REFUSAL_CODES.has(code)) this.#c.findings.add('refusal code outside the catalogue', `${speaker.label} ${name} (${what}) → ${JSON.stringify(ack).slice(0, 300)}`, this.step);
    return { speaker, what, ok: false };
  }

  async #speak(speaker: Speaker): Promise<Sent[]> {
    const out: Sent[] = [];
    const sends: Promise<void>[] = [];
    for (let n = 1 + this.#c.fuzz.int(3); n > 0; n--) {
      const [name, args, what] = this.#message(speaker);
      const type = name === 'command' ? ((args[0] as { command?: { type?: unknown } } | undefined)?.command?.type ?? null) : null;
      if (typeof type === 'string' && KNOWN_TYPES.has(type)) this.stats.typesSent.add(type);
      if (this.#c.fuzz.chance(0.02)) {
        speaker.emitBare(name, args);
        out.push({ speaker, what: `${what} (no ack)`, ok: false });
        continue;
      }
      const started = performance.now();
      sends.push(
        speaker.emit(name, args, ACK_TIMEOUT_MS).then((reply) => {
          const [count, total] = this.stats.latency.get(name) ?? [0, 0];
          this.stats.latency.set(name, [count + 1, total + performance.now() - started]);
          const sent = this.#judge(name, what, reply, speaker);
          if (sent.ok && typeof type === 'string') this.stats.typesAccepted.add(type);
          out.push(sent);
        }),
      );
    }
    await Promise.all(sends);
    return out;
  }

  /** One batch: every connected speaker sends at once; then acks and the log are judged. */
  async batch(): Promise<void> {
    this.step++;
    const before = this.#c.log.heads();
    const sent = (await Promise.all(this.#speakers.filter((s) => s.socket.connected).map((s) => this.#speak(s)))).flat();
    // a bare emit that the server wrongly ran would append shortly after: give it a moment
    if (sent.some((s) => s.what.endsWith('(no ack)'))) await new Promise((r) => setTimeout(r, 30));
    this.stats.messages += sent.length;
    this.stats.refused += sent.filter((s) => !s.ok).length;
    this.#checkLog(before, sent);
    for (const s of this.#speakers) {
      if (s.ackPackets !== s.callbacks) this.#c.findings.add('ack count', `${s.label}: ${s.ackPackets} ACK packets for ${s.callbacks} answered of ${s.sentWithAck} sent`, this.step);
      if (!s.socket.connected) {
        this.#c.findings.add('socket dropped', `${s.label} was disconnected during batch ${this.step}`, this.step);
        s.reconnects++;
        await s.connect(this.#c.url, s.label === 'server-admin' ? this.#c.conference.conferenceId : undefined).catch((e: Error) => this.#c.findings.add('rejoin failed', e.message, this.step));
      }
    }
    if (this.step % 20 === 0) this.#refresh();
    if (this.step % 25 === 0) await this.#handshake();
  }

  /** Every new event must come from a principal whose message was accepted in this batch. */
  #checkLog(before: Map<string, number>, sent: Sent[]): void {
    const rows: StoredRow[] = this.#c.log.caused(before);
    const accepted = sent.filter((s) => s.ok);
    for (const row of rows) {
      const by = row.event.by as Principal;
      const explained = by.role === 'system' ? accepted.length > 0 : accepted.some((s) => samePrincipal(s.speaker.principal, by));
      if (!explained) {
        const refusedBy = sent.filter((s) => samePrincipal(s.speaker.principal, by)).map((s) => s.what);
        this.#c.findings.add(`refused input changed the log (${row.event.type})`, `${row.conferenceId}#${row.seq} by ${JSON.stringify(by)} after refused: ${refusedBy.join(' | ')}`, this.step);
      }
    }
    const heads = this.#c.log.heads();
    for (const s of accepted)
      if (s.ackSeq !== undefined && s.ackSeq > (heads.get(this.#c.conference.conferenceId) ?? 0))
        this.#c.findings.add('ack ahead of the log', `${s.speaker.label} ${s.what}: ack seq ${s.ackSeq} > stored head`, this.step);
  }

  /** A handshake with a broken token: connect_error with a catalogue code, nothing appended. */
  async #handshake(): Promise<void> {
    const f = this.#c.fuzz;
    const token = f.pick([...this.#c.conference.tokens.values()]);
    const [v, payload = '', signature = ''] = token.split('.');
    const flip = (s: string) => {
      const i = f.int(Math.max(1, s.length));
      return s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
    };
    const auths: Record<string, unknown>[] = [
      { token: `${v}.${payload}.${flip(signature)}` },
      { token: `${v}.${flip(payload)}.${signature}` },
      { token: token.slice(0, f.int(token.length)) },
      { token: 'v2' + token.slice(2) },
      { token: 'x'.repeat(601) },
      { token: '' },
      { token, lastSeq: -1 },
      { token, conferenceId: 'other-conference' },
      { token, extra: true },
      { token: 42 },
      {},
    ];
    const auth = f.pick(auths);
    const before = this.#c.log.heads();
    this.stats.handshakes++;
    const { io } = await import('socket.io-client');
    const socket = io(this.#c.url, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
    const outcome = await new Promise<string>((resolve) => {
      const timer = setTimeout(() => resolve('timeout'), ACK_TIMEOUT_MS);
      socket.once('connect', () => (clearTimeout(timer), resolve('connected')));
      socket.once('connect_error', (e: Error & { data?: { code?: string } }) => (clearTimeout(timer), resolve(`refused:${e.data?.code}`)));
    });
    socket.close();
    const what = `handshake ${JSON.stringify(auth).slice(0, 120)}`;
    if (outcome === 'timeout') this.#c.findings.add('handshake unanswered', what, this.step);
    else if (outcome.startsWith('refused:') && !REFUSAL_CODES.has(outcome.slice(8))) this.#c.findings.add('handshake refusal outside the catalogue', `${what} → ${outcome}`, this.step);
    else if (outcome === 'connected' && JSON.stringify(auth) !== JSON.stringify({ token })) this.#c.findings.add('broken handshake accepted', what, this.step);
    if (outcome !== 'connected') for (const row of this.#c.log.caused(before)) this.#c.findings.add('refused handshake changed the log', `${what}: ${row.event.type}`, this.step);
  }
}
