import { io, type Socket } from 'socket.io-client';
import type { Principal } from '../../shared/protocol/index.js';
import type { Welcome } from '../../shared/protocol/socket.js';

// One real socket.io client the fuzzer speaks through. It counts what the invariant "exactly one
// ack per message" needs: messages sent with an ack callback, callbacks called, and ACK packets
// that arrived off the wire (a second ACK for the same message would show only there, since
// socket.io-client drops it silently).

const ACK = 3;

export class Speaker {
  readonly label: string;
  readonly token: string;
  socket!: Socket;
  principal: Principal | undefined;
  sentWithAck = 0;
  callbacks = 0;
  ackPackets = 0;
  reconnects = 0;

  private constructor(label: string, token: string) {
    this.label = label;
    this.token = token;
  }

  static async join(url: string, label: string, token: string, conferenceId?: string): Promise<Speaker> {
    const speaker = new Speaker(label, token);
    await speaker.connect(url, conferenceId);
    return speaker;
  }

  async connect(url: string, conferenceId?: string): Promise<void> {
    const socket = io(url, { auth: { token: this.token, ...(conferenceId ? { conferenceId } : {}) }, transports: ['websocket'], reconnection: false, forceNew: true });
    socket.io.on('packet', (packet: { type: number }) => {
      if (packet.type === ACK) this.ackPackets++;
    });
    const welcome = await new Promise<Welcome>((resolve, reject) => {
      socket.once('welcome', resolve);
      socket.once('connect_error', (error) => {
        socket.close();
        reject(new Error(`${this.label} could not join: ${error.message} ${JSON.stringify((error as { data?: unknown }).data)}`));
      });
    });
    this.principal = welcome.principal;
    this.socket = socket;
  }

  /** Emits `name` with `args` and an ack; resolves with the ack, or `timeout`. */
  emit(name: string, args: unknown[], timeoutMs: number): Promise<{ ack: unknown[] } | { timeout: true }> {
    this.sentWithAck++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve({ timeout: true }), timeoutMs);
      (this.socket.emit as (ev: string, ...a: unknown[]) => void)(name, ...args, (...ack: unknown[]) => {
        this.callbacks++;
        clearTimeout(timer);
        resolve({ ack });
      });
    });
  }

  /** Emits without an ack callback: the server must not run it (nobody would hear the answer). */
  emitBare(name: string, args: unknown[]): void {
    (this.socket.emit as (ev: string, ...a: unknown[]) => void)(name, ...args);
  }

  close(): void {
    this.socket?.close();
  }
}

export function samePrincipal(a: Principal | undefined, b: Principal): boolean {
  return a !== undefined && a.role === b.role && (a as { pointId?: string }).pointId === (b as { pointId?: string }).pointId;
}
