import { SYSTEM_COMMANDS } from '../../shared/meeting/permissions.js';
import type { Command, Principal } from '../../shared/protocol/index.js';
import { MAX_COMMANDS_IN_FLIGHT, type Ack } from '../../shared/protocol/socket.js';
import type { Logger } from '../log/logger.js';
import { createConference, newConferenceId, type CreateConferenceInput } from '../rooms/createConference.js';
import type { MeetingRoom, MeetingRooms } from '../rooms/meetingCore.js';
import { NOT_OWNER } from '../rooms/room.js';
import { parseCommandEnvelope, refusalAck } from './envelope.js';
import { InFlightLimit } from './inFlight.js';

// The one way a command enters a conference, whatever carried it: a socket message, an HTTP
// request, an imported file, or the server's own observations (presence, media). Parse, permit,
// limit, submit to the room, count: the same steps in the same order for every transport, so
// a rule added here holds for all of them. Meeting rules stay in the core's decide; this only
// refuses what never reaches it (system-only commands, observers, standby devices, floods).

/** What carried the command; counted apart in /metrics. */
export type CommandSource = 'socket' | 'http' | 'system';

export interface Caller {
  readonly principal: Principal;
  readonly source: CommandSource;
  /** whose unanswered commands are counted together: a socket id, an HTTP token's link id */
  readonly flowKey: string;
  /** a second device of a point on standby: it watches, it does not act */
  readonly standby?: boolean;
}

export interface CommandOutcome {
  readonly source: CommandSource;
  readonly type: string | undefined;
  readonly ack: Ack;
}

export interface CommandServiceOptions {
  readonly rooms: MeetingRooms;
  readonly logger: Logger;
  /** unanswered commands per caller (default MAX_COMMANDS_IN_FLIGHT) */
  readonly maxInFlight?: number;
  /** every outcome, for /metrics */
  readonly onOutcome?: (outcome: CommandOutcome) => void;
  /**
   * Cluster mode: a command for a conference another node writes goes to that node
   * (server/cluster/forwarding.ts). Absent: this process writes every conference.
   */
  readonly forward?: (conferenceId: string, command: Command, caller: Caller) => Promise<Ack>;
  /** Cluster mode: takes the lease of a new conference before its first event (false: another node has it). */
  readonly claimNew?: (conferenceId: string) => Promise<boolean>;
}

const SYSTEM: Principal = { role: 'system' };

/** Where a command of a cluster node runs: its room (this node writes the conference) or the owner's. */
type Route = 'here' | 'forward';

interface Flow {
  /** where the caller's unanswered commands went */
  route: Route;
  readonly unanswered: Set<Promise<Ack>>;
  /** the last command waiting for a change of route to be handed over; those after it wait behind it */
  gate: Promise<void> | null;
}

export class CommandService {
  readonly #options: CommandServiceOptions;
  readonly #inFlight: InFlightLimit;
  /** Per caller and conference with commands in cluster mode unanswered: see #inOrder. */
  readonly #flows = new Map<string, Flow>();

  constructor(options: CommandServiceOptions) {
    this.#options = options;
    this.#inFlight = new InFlightLimit(options.maxInFlight ?? MAX_COMMANDS_IN_FLIGHT);
  }

  /** An untrusted envelope `{ command }` from a client, over any transport. Never rejects. */
  async execute(conferenceId: string, envelope: unknown, caller: Caller): Promise<Ack> {
    let parsed: ReturnType<typeof parseCommandEnvelope>;
    try {
      parsed = parseCommandEnvelope(envelope);
    } catch (error) {
      this.#options.logger.error({ err: error, source: caller.source }, 'command envelope could not be read');
      return this.#count(caller.source, undefined, refusalAck('INTERNAL'));
    }
    if (!parsed.ok) return this.#count(caller.source, undefined, parsed.ack);
    return this.submit(conferenceId, parsed.command, caller);
  }

  /** A command the server built from a request it validated itself (an HTTP body, an imported file). Never rejects. */
  async submit(conferenceId: string, command: Command, caller: Caller): Promise<Ack> {
    return this.#submit(conferenceId, command, caller, this.#options.forward);
  }

  /**
   * A command another node forwarded: run here or refused with NOT_OWNER, never forwarded on
   * (two nodes that disagree about the owner must not bounce a command between them).
   */
  submitHere(conferenceId: string, command: Command, caller: Caller): Promise<Ack> {
    return this.#submit(conferenceId, command, caller, undefined);
  }

  /**
   * The room of this node, directly: for a command already admitted (permitted, limited, in
   * order) whose forwarding found that this node itself now holds the lease.
   */
  async submitToRoomHere(conferenceId: string, command: Command, caller: Caller): Promise<Ack> {
    const room = this.#room(conferenceId);
    return room.ok ? room.room.submit(command, caller.principal) : room.ack;
  }

  async #submit(conferenceId: string, command: Command, caller: Caller, forward: CommandServiceOptions['forward']): Promise<Ack> {
    const refused = permits(command, caller);
    if (refused) return this.#count(caller.source, command.type, refused);
    const room = this.#room(conferenceId);
    if (!room.ok) return this.#count(caller.source, command.type, room.ack);
    const meeting = room.room;
    // One node, or a command forwarded here: the room's queue keeps the order of arrival.
    if (!forward) return this.#limited(caller, command.type, () => meeting.submit(command, caller.principal));
    const here = async (): Promise<Ack> => {
      const ack = await meeting.submit(command, caller.principal);
      // NOT_OWNER: nothing was written here (the lease was lost meanwhile); the owner may take it.
      return ack.ok || ack.code !== NOT_OWNER ? ack : forward(conferenceId, command, caller);
    };
    return this.#limited(caller, command.type, () =>
      this.#inOrder(`${caller.flowKey}\u0000${conferenceId}`, () => (meeting.writable ? 'here' : 'forward'), (route) => (route === 'here' ? here() : forward(conferenceId, command, caller))),
    );
  }

  /**
   * Hands a caller's command to where it runs in the order the caller sent it (cluster mode).
   * Two places keep an order of their own: this node's room (its queue) and the forwarder's queue
   * for the conference (forwarding.ts: batches in order, one on the way at a time). So a command
   * goes at once where the caller's unanswered ones went; only when its place changes (the lease
   * moved to or from this node) does it wait until all of those are answered, and the commands
   * behind it wait behind it.
   */
  #inOrder(key: string, routeNow: () => Route, dispatch: (route: Route) => Promise<Ack>): Promise<Ack> {
    let flow = this.#flows.get(key);
    if (!flow) {
      flow = { route: routeNow(), unanswered: new Set(), gate: null };
      this.#flows.set(key, flow);
    }
    const current = flow;
    const track = (ack: Promise<Ack>): Promise<Ack> => {
      current.unanswered.add(ack);
      void ack.finally(() => {
        current.unanswered.delete(ack);
        if (current.unanswered.size === 0 && current.gate === null && this.#flows.get(key) === current) this.#flows.delete(key);
      });
      return ack;
    };
    if (current.gate === null && current.route === routeNow()) return track(dispatch(current.route));
    let handedOver!: (ack: Promise<Ack>) => void;
    const ack = new Promise<Ack>((resolve) => (handedOver = resolve));
    const gate: Promise<void> = (current.gate ?? Promise.resolve()).then(async () => {
      const route = routeNow();
      if (route !== current.route) {
        await Promise.allSettled([...current.unanswered]);
        current.route = route;
      }
      handedOver(track(dispatch(route)));
    });
    current.gate = gate;
    void gate.finally(() => {
      if (current.gate !== gate) return;
      current.gate = null;
      if (current.unanswered.size === 0 && this.#flows.get(key) === current) this.#flows.delete(key);
    });
    return ack;
  }

  /** What the server observed itself (a point's device came or went, its signal, the speaker). */
  system(conferenceId: string, command: Command): Promise<Ack> {
    return this.submit(conferenceId, command, { principal: SYSTEM, source: 'system', flowKey: 'system' });
  }

  /** A new conference (its first command, createConference, in a room of its own). */
  async createConference(input: CreateConferenceInput, caller: Caller): Promise<Ack & { conferenceId?: string }> {
    const command: Command = { ...input, type: 'createConference' };
    const refused = permits(command, caller);
    if (refused) return this.#count(caller.source, command.type, refused);
    return this.#limited(caller, command.type, async () => {
      const conferenceId = input.id ?? newConferenceId();
      if (this.#options.rooms.has(conferenceId)) return createConference(this.#options.rooms, { ...input, id: conferenceId }, caller.principal);
      // In a cluster the creator writes the new log: it takes the lease first, so no other node
      // can create the same id at the same time (the database gives the lease to one of them).
      if (this.#options.claimNew && !(await this.#options.claimNew(conferenceId))) {
        // It exists after all (another node made it and this one has just loaded it): say so.
        if (this.#options.rooms.has(conferenceId)) return createConference(this.#options.rooms, { ...input, id: conferenceId }, caller.principal);
        return { ...refusalAck('UNAVAILABLE', `conference ${conferenceId} is being created on another server`), conferenceId };
      }
      return createConference(this.#options.rooms, { ...input, id: conferenceId }, caller.principal);
    });
  }

  /** Callers with commands waiting for their ack now (for tests: the map empties again). */
  get callersInFlight(): number {
    return this.#inFlight.callers;
  }

  #room(conferenceId: string): { ok: true; room: MeetingRoom } | { ok: false; ack: Ack } {
    const room = this.#options.rooms.get(conferenceId);
    if (room) return { ok: true, room };
    const failure = this.#options.rooms.failure(conferenceId);
    return { ok: false, ack: failure !== undefined ? refusalAck('UNAVAILABLE', failure) : refusalAck('UNKNOWN_CONFERENCE') };
  }

  async #limited<A extends Ack>(caller: Caller, type: string, run: () => Promise<A>): Promise<A | Ack> {
    // The server's own commands are not limited: after a restart every point may come back at once.
    const limited = caller.source !== 'system';
    if (limited && !this.#inFlight.take(caller.flowKey)) {
      return this.#count(caller.source, type, refusalAck('RATE_LIMITED', `at most ${this.#inFlight.limit} commands in flight per connection`));
    }
    try {
      return this.#count(caller.source, type, await run());
    } catch (error) {
      this.#options.logger.error({ err: error, type, source: caller.source }, 'command failed');
      return this.#count(caller.source, type, refusalAck('INTERNAL'));
    } finally {
      if (limited) this.#inFlight.release(caller.flowKey);
    }
  }

  #count<A extends Ack>(source: CommandSource, type: string | undefined, ack: A): A {
    this.#options.onOutcome?.({ source, type, ack });
    return ack;
  }
}

/** What is refused before the room: commands only the server issues, observers, standby devices. */
export function permits(command: Command, caller: Caller): Ack | null {
  const role = caller.principal.role;
  if (SYSTEM_COMMANDS.has(command.type) && role !== 'system') return refusalAck('SYSTEM_ONLY', command.type);
  if (role === 'observer') return refusalAck('FORBIDDEN', 'an observer only watches');
  if (caller.standby) return refusalAck('STANDBY');
  return null;
}
