import type { Socket } from 'socket.io';
import { HandshakeAuthSchema, type ConnectRefusal, type GatewayErrorCode } from '../../shared/protocol/socket.js';
import type { Authenticator, Identity } from '../auth/authenticate.js';
import type { Logger } from '../log/logger.js';
import { clientAddress, type TrustProxy } from '../http/clientAddress.js';

// The socket.io middleware that admits a socket: the join token from `auth`, checked by the
// Authenticator, and the conference must be open. A refusal reaches the client as connect_error
// with `err.data = { code, message }`; the token is never logged.

export interface SessionData {
  identity: Identity;
  /** the last seq the client holds, from the handshake; undefined = nothing yet */
  lastSeq: number | undefined;
  ip: string;
  /** cluster mode: the region the client's join link names (orders its `nodes` notice where its point's record has none) */
  region?: string;
  /** the audience (readView.ts) whose live events this socket gets; set once it is caught up */
  audience?: string;
  /** cluster mode, a point's device: another node held the point's live device when it joined */
  liveElsewhere?: boolean;
  /** cluster mode, a point's device: none was live, but standbys waited on other nodes to be promoted */
  waitingElsewhere?: boolean;
  /** cluster mode, a point's standby reconnecting: its socket id where it waited (its place in the queue is kept) */
  waitedAs?: string;
}

export interface HandshakeOptions {
  readonly authenticator: Authenticator;
  readonly logger: Logger;
  readonly trustProxy: TrustProxy;
  /** why a conference of the log could not be opened, if so */
  readonly unavailable: (conferenceId: string) => string | undefined;
  /** the handshake's time, admitted or refused */
  readonly timed?: JoinTimer;
}

/** Where the gateway reports the server's time for the steps of a join. */
export type JoinTimer = (step: 'handshake' | 'welcome' | 'caughtUp', seconds: number) => void;


export class HandshakeRefusedError extends Error {
  readonly data: ConnectRefusal;
  constructor(code: GatewayErrorCode, message = '') {
    super(code);
    this.data = { code, message };
  }
}

export function handshakeMiddleware(options: HandshakeOptions) {
  return (socket: Socket, done: (error?: Error) => void): void => {
    const started = performance.now();
    const next = (error?: Error): void => {
      options.timed?.('handshake', (performance.now() - started) / 1000);
      done(error);
    };
    const ip = clientAddress(socket.request, options.trustProxy);
    const parsed = HandshakeAuthSchema.safeParse(socket.handshake.auth);
    const token = parsed.success ? parsed.data.token : (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    options.authenticator
      .authenticate({ token, ip, conferenceId: parsed.success ? parsed.data.conferenceId : undefined })
      .then((outcome) => {
        if (!outcome.ok) {
          options.logger.info({ ip, code: outcome.code }, 'socket join refused');
          next(new HandshakeRefusedError(outcome.code, outcome.message));
          return;
        }
        if (!parsed.success) {
          // The token was good but the rest of the handshake was not (e.g. lastSeq: "abc").
          next(new HandshakeRefusedError('MALFORMED', 'the handshake `auth` must be { token, lastSeq?, conferenceId?, region?, waitedAs? }'));
          return;
        }
        const reason = options.unavailable(outcome.identity.conferenceId);
        if (reason !== undefined) {
          next(new HandshakeRefusedError('UNAVAILABLE', `the conference cannot be opened: ${reason}`));
          return;
        }
        const { region, waitedAs } = parsed.data;
        const data: SessionData = { identity: outcome.identity, lastSeq: parsed.data.lastSeq, ip, ...(region !== undefined ? { region } : {}), ...(waitedAs !== undefined ? { waitedAs } : {}) };
        socket.data = data;
        next();
      })
      .catch((error: unknown) => {
        options.logger.error({ err: error, ip }, 'socket handshake failed');
        next(new HandshakeRefusedError('INTERNAL'));
      });
  };
}
