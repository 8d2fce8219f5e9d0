import express, { type Router } from 'express';
import type { types } from 'mediasoup';
import type { Logger } from '../log/logger.js';
import type { MediaService } from '../media/media-service.js';
import { PipeConsumedSchema, PipeEndSchema, PipeError, PipeRequestSchema, type MediaPeers, type PipeRefusal, type PipeReply, type PipeRequest } from '../media/pipe-wire.js';
import type { NodeRegistry } from '../store/pgNodes.js';
import { checkSignature, SeenSignatures, sign, SIGNATURE_HEADER } from './nodeSigning.js';
import { LEASE_TTL_MS, TICK_MS } from './ownership.js';

// Cascaded media between nodes (docs/CLUSTER.md): the signed internal route other nodes reach
// this node's media through, and this node's side of it (MediaPeers: requests to other nodes,
// announcements of its feeds). Who holds which producers is said by the nodes themselves: each
// announces its feeds of a conference to every live node of the registry (cluster_nodes) at each
// change and again every tick, the whole list each time, so a lost or refused announcement is
// repaired a second later and a node that died is forgotten when its announcements stop
// (FEEDS_EXPIRE_MS) or it leaves the registry. No table: the producers change many times a minute
// (floor control pauses microphones) and only the node holding them knows them for sure.

export const MEDIA_PATH = '/internal/cluster/media';
const REQUEST_TIMEOUT_MS = 4_000;

const STATUS: Record<PipeRefusal, number> = {
  BAD_SIGNATURE: 403,
  REPLAYED: 409,
  MALFORMED: 400,
  INVALID_REQUEST: 400,
  PIPE_NOT_FOUND: 404,
  PRODUCER_NOT_FOUND: 404,
  MEDIA_UNAVAILABLE: 503,
};

export interface MediaPipesOptions {
  readonly key: Buffer;
  readonly nodes: NodeRegistry;
  readonly logger: Logger;
  readonly now?: () => number;
}

export class MediaPipes implements MediaPeers {
  readonly route: Router;
  #media: MediaService | undefined;
  #listen: types.TransportListenInfo = { protocol: 'udp', ip: '127.0.0.1' };
  #selfUrl = '';
  #live: string[] = [];
  #timer: NodeJS.Timeout | undefined;
  #ticking: Promise<void> | undefined;
  #closed = false;
  readonly #announced = new Set<string>();
  readonly #pending = new Map<string, NodeJS.Timeout>();
  readonly #seen = new SeenSignatures();
  readonly #options: MediaPipesOptions;

  constructor(options: MediaPipesOptions) {
    this.#options = options;
    this.route = express.Router();
    this.route.post(MEDIA_PATH, express.text({ type: 'application/json', limit: '256kb' }), (req, res) => {
      const body = typeof req.body === 'string' ? req.body : '';
      this.#receive(body, req.get(SIGNATURE_HEADER)).then(
        (reply) => res.json({ ok: true, ...reply }),
        (err: unknown) => {
          const e = err instanceof PipeError ? err : new PipeError('MEDIA_UNAVAILABLE', (err as Error).message?.slice(0, 200));
          if (e.code === 'BAD_SIGNATURE' || e.code === 'REPLAYED') this.#options.logger.warn({ reason: e.message, from: req.socket.remoteAddress }, 'media request between nodes refused');
          res.status(STATUS[e.code]).json({ ok: false, code: e.code, message: e.message });
        },
      );
    });
  }

  get pipeListen(): types.TransportListenInfo {
    return this.#listen;
  }

  readonly selfUrl = (): string => this.#selfUrl;

  /** This node's media and where its pipes listen; from then on it announces its feeds every tick. */
  start(media: MediaService, listen: types.TransportListenInfo, selfUrl: string): void {
    this.#media = media;
    this.#listen = listen;
    this.#selfUrl = selfUrl;
    media.on('feeds', (conferenceId) => this.announce(conferenceId));
    this.#tick();
  }

  async #receive(body: string, signature: string | undefined): Promise<object> {
    const now = (this.#options.now ?? Date.now)();
    const refused = checkSignature(this.#options.key, signature, body, now);
    if (refused) throw new PipeError('BAD_SIGNATURE', refused);
    if (!this.#seen.firstTime(signature!, now)) throw new PipeError('REPLAYED', 'this signed request was received already');
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      throw new PipeError('MALFORMED', 'not JSON');
    }
    const parsed = PipeRequestSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new PipeError('INVALID_REQUEST', `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
    }
    if (!this.#media) throw new PipeError('MEDIA_UNAVAILABLE', 'this node runs without media');
    return this.#media.pipeRequest(parsed.data);
  }

  async request<R extends PipeRequest>(nodeUrl: string, request: R): Promise<PipeReply<R['op']>> {
    const body = JSON.stringify(request);
    const response = await fetch(`${nodeUrl}${MEDIA_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: sign(this.#options.key, (this.#options.now ?? Date.now)(), body) },
      body,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const json = (await response.json().catch(() => ({}))) as { ok?: boolean; code?: PipeRefusal; message?: string };
    if (!response.ok || json.ok !== true) throw new PipeError(json.code ?? 'MEDIA_UNAVAILABLE', `${request.op} at ${nodeUrl}: ${json.message ?? response.status}`);
    const { ok: _ok, ...reply } = json;
    if (request.op === 'pipe') return PipeEndSchema.parse(reply) as PipeReply<R['op']>;
    if (request.op === 'consume') return PipeConsumedSchema.parse(reply) as PipeReply<R['op']>;
    return {} as PipeReply<R['op']>;
  }

  /** Tells every other live node this node's feeds of a conference (soon: changes in one turn go as one). */
  announce(conferenceId: string): void {
    if (this.#pending.has(conferenceId) || !this.#media) return;
    const timer = setTimeout(() => {
      this.#pending.delete(conferenceId);
      void this.#push(conferenceId);
    }, 20);
    timer.unref();
    this.#pending.set(conferenceId, timer);
  }

  async #push(conferenceId: string): Promise<void> {
    const media = this.#media;
    if (!media) return;
    const { router, feeds, checks } = await media.localFeeds(conferenceId);
    // A conference with nothing here is announced once more (empty), so others let go of its pipes
    // and of the checks of this node's organisers. A check is announced every tick like a feed:
    // the other nodes forget it with this node (it died) or when it is left out (it ended).
    const empty = feeds.length === 0 && checks.length === 0;
    if (empty && !this.#announced.has(conferenceId)) return;
    if (empty) this.#announced.delete(conferenceId);
    else this.#announced.add(conferenceId);
    await Promise.all(
      this.#live.map((node) =>
        this.request(node, { op: 'feeds', conferenceId, from: this.#selfUrl, router, feeds, checks }).catch((err: Error) =>
          this.#options.logger.debug({ conferenceId, node, err: err.message }, 'feeds not announced to a node; next tick'),
        ),
      ),
    );
  }

  #tick(): void {
    if (this.#closed) return;
    this.#timer = setTimeout(() => {
      this.#ticking = this.#everyTick()
        .catch((err: unknown) => this.#options.logger.warn({ err }, 'media announcements skipped this tick'))
        .then(() => this.#tick());
    }, TICK_MS);
    this.#timer.unref();
  }

  async #everyTick(): Promise<void> {
    const media = this.#media;
    if (!media) return;
    const nodes = await this.#options.nodes.list(LEASE_TTL_MS);
    this.#live = nodes.filter((n) => n.live && n.url !== this.#selfUrl).map((n) => n.url);
    const live = new Set(this.#live);
    media.forgetNodes((url) => !live.has(url));
    await Promise.all(media.conferenceIds().map((id) => this.#push(id)));
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    for (const t of this.#pending.values()) clearTimeout(t);
    this.#pending.clear();
    await this.#ticking;
  }
}
