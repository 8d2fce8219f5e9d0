import type { types } from 'mediasoup';
import type { Logger } from '../log/logger.js';
import type { ProducerData } from './media-session.js';
import { asSrtp, type FeedWire, type MediaPeers } from './pipe-wire.js';

/** A producer as the receivers' plans see it: a local one, or one that lives on another node. */
export type Feed = { readonly id: string; readonly kind: types.MediaKind; readonly closed: boolean; readonly appData: ProducerData };

/** A feed another node announced; `node` is where it lives. */
export type RemoteFeed = Feed & { readonly node: string; readonly paused: boolean };

/** The catalogue of a node is forgotten when it was not refreshed for this long (the node died or left). */
export const FEEDS_EXPIRE_MS = 5_000;

type Pipe = { transport: types.PipeTransport; pipeId: string; remoteRouter: string | null };
/** `checks`: the points that node's organisers check privately now (private-checks.ts). */
type Catalogue = { at: number; router: string | null; feeds: Map<string, RemoteFeed>; checks: ReadonlySet<string> };

/**
 * The receiving side of cascaded media, for one conference on this node. Other nodes announce
 * their producers (feeds); the receivers' plans (consumer-sync.ts) see them beside the local ones,
 * and the first time a receiver here consumes one, it is brought in: a pipe transport pair with
 * its node (SRTP), its pipe consumer there, a producer with the same id on our pipe transport here,
 * which local receivers then consume like any local producer. A brought producer no receiver here
 * consumes any more is let go at the end of the sync that saw it unused.
 */
export class RemoteFeeds {
  readonly #catalogues = new Map<string, Catalogue>();
  readonly #pipes = new Map<string, Promise<Pipe>>();
  readonly #brought = new Map<string, { node: string; producer: Promise<types.Producer> }>();
  readonly #conferenceId: string;
  readonly #peers: MediaPeers;
  readonly #changed: () => void;
  readonly #checksChanged: () => void;
  readonly #logger: Logger;

  /** `changed`: the feeds changed shape; `checksChanged`: only the points other nodes check did */
  constructor(deps: { conferenceId: string; peers: MediaPeers; changed: () => void; checksChanged: () => void; logger: Logger }) {
    this.#conferenceId = deps.conferenceId;
    this.#peers = deps.peers;
    this.#changed = deps.changed;
    this.#checksChanged = deps.checksChanged;
    this.#logger = deps.logger;
  }

  /** Every feed other nodes hold now. */
  feeds(now = Date.now()): RemoteFeed[] {
    const out: RemoteFeed[] = [];
    for (const [node, cat] of this.#catalogues) {
      if (now - cat.at > FEEDS_EXPIRE_MS) this.forget(node);
      else out.push(...cat.feeds.values());
    }
    return out;
  }

  /** The points each other node's organisers check privately now (a node forgotten with its feeds checks nothing). */
  checks(now = Date.now()): Map<string, ReadonlySet<string>> {
    const out = new Map<string, ReadonlySet<string>>();
    for (const [node, cat] of this.#catalogues) {
      if (now - cat.at > FEEDS_EXPIRE_MS) this.forget(node);
      else if (cat.checks.size > 0) out.set(node, cat.checks);
    }
    return out;
  }

  /** A node's announcement: its feeds and checks replace what it said before; pause, resume and close carry to what was brought here. */
  update(node: string, router: string | null, wire: FeedWire[], checks: readonly string[] = []): void {
    const old = this.#catalogues.get(node);
    // `since`: when this node first heard of the feed (its own clock, so no skew between nodes).
    const since = (id: string) => old?.feeds.get(id)?.appData.since ?? Date.now();
    const feeds = new Map(
      wire.map((f) => [
        f.producerId,
        { id: f.producerId, kind: f.kind, closed: false, paused: f.paused, node, appData: { sessionId: `node:${node}`, pointId: f.pointId, source: f.source, since: since(f.producerId) } },
      ]),
    );
    this.#catalogues.set(node, { at: Date.now(), router, feeds, checks: new Set(checks) });
    // Its router changed (it emptied and came back, or its worker died): every pipe to it went.
    if (old && old.router !== router) this.#dropPipe(node);
    for (const [id, b] of this.#brought) {
      if (b.node !== node) continue;
      const feed = feeds.get(id);
      if (!feed) this.#let(id);
      else void b.producer.then((p) => (feed.paused ? p.pause() : p.resume())).catch(() => undefined);
    }
    const shape = (c: Catalogue | undefined) => JSON.stringify([...(c?.feeds.values() ?? [])].map((f) => [f.id, f.paused]));
    if (shape(old) !== shape(this.#catalogues.get(node))) this.#changed();
    else if (JSON.stringify([...(old?.checks ?? [])].sort()) !== JSON.stringify([...checks].sort())) this.#checksChanged();
  }

  isRemote(producerId: string): boolean {
    return this.#brought.has(producerId) || [...this.#catalogues.values()].some((c) => c.feeds.has(producerId));
  }

  /** Makes a remote feed a producer of `router` (same id); a no-op for a local one or one already here. */
  async bring(feed: Feed, router: types.Router): Promise<void> {
    const node = (feed as Partial<RemoteFeed>).node;
    if (node === undefined) return;
    let b = this.#brought.get(feed.id);
    if (!b) {
      b = { node, producer: this.#produce(feed as RemoteFeed, router) };
      const entry = b;
      this.#brought.set(feed.id, entry);
      entry.producer.catch((err: Error) => {
        if (this.#brought.get(feed.id) === entry) this.#brought.delete(feed.id);
        this.#logger.warn({ conference: this.#conferenceId, node, producer: feed.id, err: err.message }, 'a remote feed could not be piped in; next sync retries');
      });
    }
    await b.producer;
  }

  async #produce(feed: RemoteFeed, router: types.Router): Promise<types.Producer> {
    const pipe = await this.#pipe(feed.node, router);
    try {
      const got = await this.#peers.request(feed.node, { op: 'consume', conferenceId: this.#conferenceId, from: this.#peers.selfUrl(), pipeId: pipe.pipeId, producerId: feed.id });
      const producer = await pipe.transport.produce({
        id: feed.id,
        kind: got.kind,
        rtpParameters: got.rtpParameters as unknown as types.RtpParameters,
        paused: got.paused,
        appData: { ...feed.appData, remote: feed.node },
      });
      return producer;
    } catch (err) {
      // A pipe its node no longer knows (it restarted): the next try opens a new one.
      if ((err as { code?: string }).code === 'PIPE_NOT_FOUND') this.#dropPipe(feed.node);
      throw err;
    }
  }

  #pipe(node: string, router: types.Router): Promise<Pipe> {
    let pipe = this.#pipes.get(node);
    if (!pipe) {
      pipe = this.#openPipe(node, router);
      const p = pipe;
      this.#pipes.set(node, p);
      p.catch(() => this.#pipes.get(node) === p && this.#pipes.delete(node));
    }
    return pipe;
  }

  async #openPipe(node: string, router: types.Router): Promise<Pipe> {
    const transport = await router.createPipeTransport({ listenInfo: this.#peers.pipeListen, enableSrtp: true, appData: { pipeFrom: node } });
    try {
      const tuple = transport.tuple;
      const theirs = await this.#peers.request(node, {
        op: 'pipe',
        conferenceId: this.#conferenceId,
        from: this.#peers.selfUrl(),
        ip: tuple.localAddress ?? tuple.localIp,
        port: tuple.localPort,
        srtpParameters: asSrtp(transport.srtpParameters),
      });
      await transport.connect({ ip: theirs.ip, port: theirs.port, srtpParameters: theirs.srtpParameters });
      this.#logger.info({ conference: this.#conferenceId, node, local: `${tuple.localAddress ?? tuple.localIp}:${tuple.localPort}`, remote: `${theirs.ip}:${theirs.port}` }, 'media pipe opened (SRTP)');
      return { transport, pipeId: theirs.pipeId, remoteRouter: this.#catalogues.get(node)?.router ?? null };
    } catch (err) {
      transport.close();
      throw err;
    }
  }

  /** Lets go every brought producer that no receiver here consumes (`consumed`: producer ids with a consumer). */
  releaseUnused(consumed: ReadonlySet<string>): void {
    for (const id of this.#brought.keys()) if (!consumed.has(id)) this.#let(id);
  }

  /** A feed brought in here (its producer on our pipe transport), for a tap; undefined until brought. */
  brought(producerId: string): Promise<types.Producer> | undefined {
    return this.#brought.get(producerId)?.producer;
  }

  /** The ids of producers brought in from other nodes (tests and diagnostics). */
  broughtIds(): string[] {
    return [...this.#brought.keys()];
  }

  #let(id: string): void {
    const b = this.#brought.get(id);
    if (!b) return;
    this.#brought.delete(id);
    void b.producer
      .then(async (producer) => {
        producer.close();
        const pipe = await this.#pipes.get(b.node);
        if (pipe && !pipe.transport.closed) {
          await this.#peers.request(b.node, { op: 'release', conferenceId: this.#conferenceId, from: this.#peers.selfUrl(), pipeId: pipe.pipeId, producerId: id });
        }
      })
      .catch(() => undefined);
  }

  #dropPipe(node: string): void {
    const pipe = this.#pipes.get(node);
    this.#pipes.delete(node);
    for (const [id, b] of this.#brought) if (b.node === node) this.#brought.delete(id);
    void pipe
      ?.then((p) => {
        // closing the transport closes the producers brought through it; local consumers hear producerclose
        p.transport.close();
      })
      .catch(() => undefined);
  }

  /** A node is gone (its announcements stopped): its feeds and pipe with it. */
  forget(node: string): void {
    if (!this.#catalogues.delete(node)) return;
    this.#dropPipe(node);
    this.#changed();
  }

  /** Forgets the nodes `gone` says left; returns those it knew. */
  forgetWhere(gone: (node: string) => boolean): string[] {
    const forgotten = [...this.#catalogues.keys()].filter(gone);
    for (const node of forgotten) this.forget(node);
    return forgotten;
  }

  /** Our router went: pipes closed with it; tell their nodes so their ends close too. */
  reset(): void {
    for (const [node, pipe] of this.#pipes) {
      void pipe
        .then((p) => {
          if (!p.transport.closed) p.transport.close();
          return this.#peers.request(node, { op: 'unpipe', conferenceId: this.#conferenceId, from: this.#peers.selfUrl(), pipeId: p.pipeId });
        })
        .catch(() => undefined);
    }
    this.#pipes.clear();
    this.#brought.clear();
  }
}
