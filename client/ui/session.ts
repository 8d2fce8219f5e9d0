import { createContext } from 'preact';
import { useContext, useEffect, useReducer, useState } from 'preact/hooks';
import type { MeetingState } from '../../shared/meeting/state.js';
import type { Command, Principal } from '../../shared/protocol/index.js';
import type { Ack } from '../../shared/protocol/socket.js';
import type { MeetingConnection } from '../net/connection.js';
import type { MeetingReplica } from '../state/replica.js';
import type { ServerClock } from '../state/serverClock.js';

// What every view of a joined console can reach: the meeting (read through selectors), the
// server's clock, who we are, and `send` for commands. Views never talk to the socket directly.

export interface Session {
  replica: MeetingReplica;
  connection: MeetingConnection;
  clock: ServerClock;
  principal: Principal;
  conferenceId: string;
  /** the join token, for the HTTP API (report exports) that authorises with it */
  token: string;
  /**
   * Sends a command; a refusal is shown to the user as a notice and also returned. `inPlace`:
   * the view shows the refusal itself, beside the edit (the organiser's tables), so no notice.
   */
  send: (command: Command, options?: { inPlace?: boolean }) => Promise<Ack>;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside a joined console');
  return s;
}

/** The meeting state, re-rendering on every folded event. */
export function useMeeting(): MeetingState {
  const { replica } = useSession();
  return useReplicaState(replica);
}

export function useReplicaState(replica: MeetingReplica): MeetingState {
  const [, bump] = useReducer((n: number) => n + 1, 0);
  useEffect(() => replica.subscribe(() => bump(undefined)), [replica]);
  return replica.state;
}

/** Re-render whenever the connection's status, welcome or device notices change. */
export function useConnectionState(connection: MeetingConnection): MeetingConnection {
  const [, bump] = useReducer((n: number) => n + 1, 0);
  useEffect(() => connection.subscribe(() => bump(undefined)), [connection]);
  return connection;
}

/**
 * The server's time now, ticking. Timers tick every 250 ms so a second never appears to skip;
 * slower clocks (waited times, agenda) pass a longer interval.
 */
export function useServerNow(intervalMs = 250): number {
  const { clock } = useSession();
  return useTicker(() => clock.now(), intervalMs);
}

export function useTicker(read: () => number, intervalMs: number): number {
  const [now, setNow] = useState(read);
  useEffect(() => {
    const id = setInterval(() => setNow(read()), intervalMs);
    return () => clearInterval(id);
  }, [intervalMs]);
  return now;
}
