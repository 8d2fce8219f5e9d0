import type { types } from 'mediasoup';
import type { ProducerData } from './media-session.js';
import { asSrtp, PipeError, type MediaPeers, type PipeConsumed, type PipeEnd } from './pipe-wire.js';

type End = { transport: types.PipeTransport; consumers: Map<string, types.Consumer> };

/**
 * The sending side of cascaded media, for one conference on this node: one pipe transport per
 * node that asked (on the conference's primary router; a producer of another worker is piped to
 * it first, ConferenceMedia.forPipe), and on
 * it one pipe consumer per producer that node's receivers need. What that node needs is its own
 * business (its receivers' plans); this side only does what it is asked, and tells it when a piped
 * producer pauses, resumes or closes (through the feeds it announces).
 */
export class PipeEnds {
  readonly #ends = new Map<string, End>();
  readonly #conferenceId: string;
  readonly #peers: MediaPeers;

  constructor(conferenceId: string, peers: MediaPeers) {
    this.#conferenceId = conferenceId;
    this.#peers = peers;
  }

  /** A node opens a pipe: ours listens, connects to its end, and our end goes back. A second pipe from the same node replaces the first. */
  async open(node: string, router: types.Router, theirs: { ip: string; port: number; srtpParameters: types.SrtpParameters }): Promise<PipeEnd> {
    this.#ends.get(node)?.transport.close();
    const transport = await router.createPipeTransport({ listenInfo: this.#peers.pipeListen, enableSrtp: true, appData: { pipeTo: node } });
    try {
      await transport.connect(theirs);
    } catch (err) {
      transport.close();
      throw err;
    }
    const end: End = { transport, consumers: new Map() };
    this.#ends.set(node, end);
    transport.observer.once('close', () => {
      if (this.#ends.get(node) === end) this.#ends.delete(node);
    });
    const tuple = transport.tuple;
    return { pipeId: transport.id, ip: tuple.localAddress ?? tuple.localIp, port: tuple.localPort, srtpParameters: asSrtp(transport.srtpParameters) };
  }

  /**
   * `held`: the producer is a microphone open for another node's private check, and `node` does
   * not check it: its pipe consumer is paused at once (a pipe consumer cannot be created paused).
   */
  async consume(node: string, pipeId: string, producer: types.Producer<ProducerData> | undefined, held = false): Promise<PipeConsumed> {
    const end = this.#end(node, pipeId);
    if (!producer || producer.closed) throw new PipeError('PRODUCER_NOT_FOUND', 'no such producer on this node');
    end.consumers.get(producer.id)?.close();
    const consumer = await end.transport.consume({ producerId: producer.id });
    if (held) await consumer.pause();
    end.consumers.set(producer.id, consumer);
    // The other node mirrors pause and close from the feeds we announce: announce on each change.
    const changed = () => this.#peers.announce(this.#conferenceId);
    consumer.observer.on('pause', changed);
    consumer.observer.on('resume', changed);
    consumer.observer.once('close', () => {
      if (end.consumers.get(producer.id) === consumer) end.consumers.delete(producer.id);
    });
    return { kind: consumer.kind, rtpParameters: consumer.rtpParameters as PipeConsumed['rtpParameters'], paused: consumer.producerPaused };
  }

  /**
   * A private check across nodes: a microphone open for one node's organiser goes down that
   * node's pipe alone. `held(node, producerId)` says which pipe consumers must not forward; they
   * are paused before the microphone opens (hold) and resumed once it is closed again (letThrough),
   * as the taps are (private-check-isolation.ts).
   */
  async hold(held: (node: string, producerId: string) => boolean): Promise<void> {
    for (const [node, end] of this.#ends) for (const [id, c] of end.consumers) if (!c.closed && !c.paused && held(node, id)) await c.pause();
  }

  async letThrough(held: (node: string, producerId: string) => boolean): Promise<void> {
    for (const [node, end] of this.#ends) for (const [id, c] of end.consumers) if (!c.closed && c.paused && !held(node, id)) await c.resume();
  }

  release(node: string, pipeId: string, producerId: string): void {
    const end = this.#end(node, pipeId);
    end.consumers.get(producerId)?.close();
  }

  close(node: string, pipeId: string): void {
    this.#end(node, pipeId).transport.close();
  }

  /** How many pipe consumers serve other nodes now (for tests and diagnostics). */
  get consumers(): number {
    return [...this.#ends.values()].reduce((n, e) => n + e.consumers.size, 0);
  }

  /** Nodes that left the registry (died): the pipes they asked for go, with their pipe consumers. Returns those nodes. */
  forgetWhere(gone: (node: string) => boolean): string[] {
    const forgotten: string[] = [];
    for (const [node, end] of [...this.#ends]) {
      if (!gone(node)) continue;
      this.#ends.delete(node);
      end.transport.close();
      forgotten.push(node);
    }
    return forgotten;
  }

  /** The router went (nobody connected here, or its worker died): every pipe went with it. */
  reset(): void {
    for (const end of this.#ends.values()) end.transport.close();
    this.#ends.clear();
  }

  #end(node: string, pipeId: string): End {
    const end = this.#ends.get(node);
    if (!end || end.transport.closed || end.transport.id !== pipeId) throw new PipeError('PIPE_NOT_FOUND', 'no such pipe from that node');
    return end;
  }
}
