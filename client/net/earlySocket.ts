import { meetingSocket, pointAt, type MeetingSocket, type SocketLike } from './meetingSocket.js';
import { askPlacement, regionOf } from './nodes.js';

// A point's page opens its socket from its first script, while the app's chunks are still fetched
// and evaluated (about a second on a loaded office PC): the placement question, the handshake, the
// welcome and the media set-up then run meanwhile. Nothing listens to the socket yet, so what it
// receives is kept, in order, and handed to MeetingConnection, which adopts the socket and replays
// it through its own handlers (the same ones a socket it made itself would have).

/** One thing the socket reported before the connection adopted it. */
export type Happening = { event: string; args: unknown[] };

export type EarlySocket = {
  made: MeetingSocket;
  seen: Happening[];
  /**
   * The placement answer (ranked origins; null: none, stay) once known, undefined while asked.
   * The socket connects only once it is known, as MeetingConnection.start does.
   */
  nodes: readonly string[] | null | undefined;
  placed: Promise<readonly string[] | null>;
};

type Held = { token: string; early: EarlySocket; taken: boolean; stopRecording: () => void };
let held: Held | null = null;

const LIFECYCLE = ['connect', 'connect_error', 'disconnect'] as const;

/** Asks where to connect, then connects a socket for this token; `takeEarlySocket` hands it over. */
export function openSocketEarly(token: string, options: { url?: string; region?: string | null } = {}): SocketLike {
  const region = regionOf(options.region);
  const made = meetingSocket(options.url, () => ({ token, lastSeq: 0, ...(region !== undefined ? { region } : {}) }));
  const { socket } = made;
  const seen: Happening[] = [];
  const onAny = (event: string, ...args: unknown[]) => void seen.push({ event, args });
  const lifecycle = LIFECYCLE.map((event) => [event, (...args: unknown[]) => void seen.push({ event, args })] as const);
  socket.onAny(onAny);
  for (const [event, l] of lifecycle) socket.on(event, l);
  const placed = askPlacement(made.node, token, region);
  const early: EarlySocket = { made, seen, nodes: undefined, placed };
  const mine: Held = {
    token,
    early,
    taken: false,
    stopRecording: () => {
      socket.offAny(onAny);
      for (const [event, l] of lifecycle) socket.off(event, l);
    },
  };
  held = mine;
  void placed.then((nodes) => {
    early.nodes = nodes;
    const first = nodes?.[0];
    if (first !== undefined) pointAt(made, first);
    // Taken meanwhile: the connection connects it (or it was closed, for another link).
    if (!mine.taken) socket.connect();
  });
  return socket;
}

/**
 * The early socket, once, if it was opened for this token (another link in the same page, after a
 * change of the fragment, gets a socket of its own: the early one is closed).
 */
export function takeEarlySocket(token: string): EarlySocket | null {
  const h = held;
  held = null;
  if (!h) return null;
  h.taken = true;
  h.stopRecording();
  if (h.token !== token) {
    h.early.made.socket.disconnect();
    return null;
  }
  return h.early;
}
