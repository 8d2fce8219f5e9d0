import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { z } from 'zod';
import { IdSchema, NameSchema } from '../../shared/protocol/common.js';
import type { StoreMeta } from '../store/EventStore.js';
import { ANY_CONFERENCE, JoinRoleSchema, signJoinToken, type JoinClaims, type JoinRole } from './joinToken.js';

// Every join link the server ever issued, per conference, kept in the store's meta so a
// revocation survives a restart. A token is honoured only if its link is here and not revoked:
// the signature proves we made it, this registry says we still stand by it.

/** What a second device joining with the same point link does: take the point over, or wait as a standby. */
export const SecondDeviceSchema = z.enum(['takeover', 'standby']);
export type SecondDevice = z.infer<typeof SecondDeviceSchema>;

export const JoinLinkSchema = z.strictObject({
  id: IdSchema,
  conferenceId: z.union([IdSchema, z.literal(ANY_CONFERENCE)]),
  role: JoinRoleSchema,
  pointId: IdSchema.optional(),
  /** who the link is for, as the admin wrote it (shown in the link table, never in the token) */
  label: NameSchema.optional(),
  secondDevice: SecondDeviceSchema,
  createdAt: z.number().int().nonnegative(),
  expiresAt: z.number().int().positive(),
  revokedAt: z.number().int().nonnegative().nullable(),
});
export type JoinLink = z.infer<typeof JoinLinkSchema>;

const StoredLinksSchema = z.array(JoinLinkSchema);

/** How often and when a link was opened (a session accepted with it): the organiser's "who opened what". */
export const LinkOpensSchema = z.strictObject({
  opens: z.number().int().nonnegative(),
  firstOpenedAt: z.number().int().nonnegative(),
  lastOpenedAt: z.number().int().nonnegative(),
});
export type LinkOpens = z.infer<typeof LinkOpensSchema>;
const StoredOpensSchema = z.record(z.string(), LinkOpensSchema);

export const MAX_LINK_TTL_MS = 400 * 24 * 3600 * 1000;

export interface IssueLinkInput {
  readonly conferenceId: string;
  readonly role: JoinRole;
  readonly pointId?: string | undefined;
  readonly label?: string | undefined;
  readonly ttlMs: number;
  readonly secondDevice?: SecondDevice | undefined;
  /** a chosen id (the server-admin link); random otherwise */
  readonly id?: string;
}

export type LinkRefusal = 'TOKEN_REVOKED' | 'TOKEN_UNKNOWN';

interface RegistryEvents {
  revoked: [link: JoinLink];
}

export class LinkRegistry extends EventEmitter<RegistryEvents> {
  readonly #meta: StoreMeta;
  readonly #secret: Buffer;
  readonly #now: () => number;
  /** conference id → its links, loaded on first use */
  readonly #cache = new Map<string, Promise<JoinLink[]>>();
  /** one write at a time per conference, so two revocations cannot overwrite each other */
  readonly #writes = new Map<string, Promise<unknown>>();
  /** conference id → link id → its openings, loaded on first use */
  readonly #opens = new Map<string, Promise<Record<string, LinkOpens>>>();
  /** conference id → the openings not yet written (counted together in the next write) */
  readonly #unwrittenOpens = new Map<string, PendingOpen[]>();
  /** shared mode, a store with versions: meta key → the version of the value held and its parse */
  readonly #versioned = new Map<string, { version: number; value: Promise<unknown> }>();

  /** several nodes share the meta (cluster mode): read it at every use, another node may have issued or revoked a link */
  readonly #shared: boolean;

  constructor(meta: StoreMeta, secret: Buffer, now: () => number = Date.now, options: { shared?: boolean } = {}) {
    super();
    this.#meta = meta;
    this.#secret = secret;
    this.#now = now;
    this.#shared = options.shared ?? false;
  }

  static metaKey(conferenceId: string): string {
    return `links:${conferenceId}`;
  }

  #load(conferenceId: string): Promise<JoinLink[]> {
    if (this.#shared && this.#meta.getChanged) return this.#readShared(LinkRegistry.metaKey(conferenceId), parseLinks);
    if (this.#shared) this.#cache.delete(conferenceId);
    let loaded = this.#cache.get(conferenceId);
    if (!loaded) {
      loaded = this.#meta.get(LinkRegistry.metaKey(conferenceId)).then(parseLinks);
      loaded.catch(() => this.#cache.delete(conferenceId));
      this.#cache.set(conferenceId, loaded);
    }
    return loaded;
  }

  #update<T>(conferenceId: string, change: (links: JoinLink[]) => T): Promise<T> {
    const previous = this.#writes.get(conferenceId) ?? Promise.resolve();
    const next = previous.then(async () => {
      // Shared by several nodes: read and written under the key's lock, so another node's issue or revocation is not lost.
      if (this.#shared && this.#meta.update) return atomically(this.#meta.update.bind(this.#meta), LinkRegistry.metaKey(conferenceId), parseLinks, change);
      const links = await this.#load(conferenceId);
      const result = change(links);
      await this.#meta.set(LinkRegistry.metaKey(conferenceId), JSON.stringify(links));
      return result;
    });
    this.#writes.set(conferenceId, next.catch(() => undefined));
    return next;
  }

  async list(conferenceId: string): Promise<JoinLink[]> {
    return [...(await this.#load(conferenceId))];
  }

  async get(conferenceId: string, linkId: string): Promise<JoinLink | undefined> {
    return (await this.#load(conferenceId)).find((l) => l.id === linkId);
  }

  async issue(input: IssueLinkInput): Promise<JoinLink> {
    const now = this.#now();
    const link = JoinLinkSchema.parse({
      id: input.id ?? `l${randomBytes(8).toString('hex')}`,
      conferenceId: input.conferenceId,
      role: input.role,
      ...(input.pointId !== undefined ? { pointId: input.pointId } : {}),
      ...(input.label !== undefined ? { label: input.label } : {}),
      secondDevice: input.secondDevice ?? 'takeover',
      createdAt: now,
      expiresAt: now + Math.min(Math.max(1, input.ttlMs), MAX_LINK_TTL_MS),
      revokedAt: null,
    });
    return this.#update(input.conferenceId, (links) => {
      const i = links.findIndex((l) => l.id === link.id);
      if (i >= 0) links.splice(i, 1);
      links.push(link);
      return link;
    });
  }

  /** Revokes a link at once; live sockets holding it are told through the `revoked` event. */
  async revoke(conferenceId: string, linkId: string): Promise<JoinLink | undefined> {
    const link = await this.#update(conferenceId, (links) => {
      const found = links.find((l) => l.id === linkId);
      if (found && found.revokedAt === null) found.revokedAt = this.#now();
      return found;
    });
    if (link) this.emit('revoked', link);
    return link;
  }

  static opensKey(conferenceId: string): string {
    return `link-opens:${conferenceId}`;
  }

  /**
   * Shared mode: another node may have issued or revoked a link, so the value is checked at every
   * use; it is read and parsed again only when its version changed. Parsing a conference's 1,000
   * point links took 13 ms, at every join: the bench:cluster stall of 10,000 clients.
   */
  async #readShared<V>(key: string, parse: (text: string | null) => V): Promise<V> {
    const held = this.#versioned.get(key);
    const read = await this.#meta.getChanged!(key, held?.version);
    if (read === 'unchanged') {
      if (held) return held.value as Promise<V>;
      // What was held failed to parse meanwhile (and was dropped): read the whole value again.
      return this.#readShared(key, parse);
    }
    const current = this.#versioned.get(key);
    // Of two reads that crossed, the later version stays.
    if (current && current.version >= read.version) return current.value as Promise<V>;
    const value = Promise.resolve().then(() => parse(read.value));
    value.catch(() => this.#versioned.delete(key));
    this.#versioned.set(key, { version: read.version, value });
    return value;
  }

  #loadOpens(conferenceId: string): Promise<Record<string, LinkOpens>> {
    if (this.#shared && this.#meta.getChanged) return this.#readShared(LinkRegistry.opensKey(conferenceId), parseOpens);
    if (this.#shared) this.#opens.delete(conferenceId);
    let loaded = this.#opens.get(conferenceId);
    if (!loaded) {
      loaded = this.#meta.get(LinkRegistry.opensKey(conferenceId)).then(parseOpens);
      loaded.catch(() => this.#opens.delete(conferenceId));
      this.#opens.set(conferenceId, loaded);
    }
    return loaded;
  }

  /**
   * Counts one opening of a link; says whether it was the first. The openings that arrive while a
   * write is under way are counted together in the next one (serialised with the link writes): a
   * write per opening, under the key's lock across nodes, queued 1,000 joins behind each other.
   */
  recordOpen(conferenceId: string, linkId: string): Promise<{ first: boolean; opens: LinkOpens }> {
    return new Promise((resolve, reject) => {
      const waiting = this.#unwrittenOpens.get(conferenceId);
      const open: PendingOpen = { linkId, at: this.#now(), resolve, reject };
      if (waiting) return void waiting.push(open);
      this.#unwrittenOpens.set(conferenceId, [open]);
      const previous = this.#writes.get(conferenceId) ?? Promise.resolve();
      const next = previous.then(() => this.#writeOpens(conferenceId));
      this.#writes.set(conferenceId, next.catch(() => undefined));
    });
  }

  /** Writes every opening counted so far in the conference, in one read-modify-write. */
  async #writeOpens(conferenceId: string): Promise<void> {
    const batch = this.#unwrittenOpens.get(conferenceId) ?? [];
    this.#unwrittenOpens.delete(conferenceId);
    let counted: { first: boolean; opens: LinkOpens }[] = [];
    const count = (all: Record<string, LinkOpens>) => {
      counted = batch.map(({ linkId, at }) => {
        const known = all[linkId];
        const opens = known ? { opens: known.opens + 1, firstOpenedAt: known.firstOpenedAt, lastOpenedAt: at } : { opens: 1, firstOpenedAt: at, lastOpenedAt: at };
        all[linkId] = opens;
        return { first: known === undefined, opens };
      });
    };
    try {
      // Shared by several nodes: two openings counted at once on two nodes must both count.
      if (this.#shared && this.#meta.update) await atomically(this.#meta.update.bind(this.#meta), LinkRegistry.opensKey(conferenceId), parseOpens, count);
      else {
        const all = await this.#loadOpens(conferenceId);
        count(all);
        await this.#meta.set(LinkRegistry.opensKey(conferenceId), JSON.stringify(all));
      }
    } catch (error) {
      for (const open of batch) open.reject(error);
      throw error;
    }
    batch.forEach((open, i) => open.resolve(counted[i]!));
  }

  /** Every link's openings in a conference, by link id (links never opened are absent). */
  async opensOf(conferenceId: string): Promise<Record<string, LinkOpens>> {
    return { ...(await this.#loadOpens(conferenceId)) };
  }

  tokenFor(link: JoinLink): string {
    const claims: JoinClaims = {
      c: link.conferenceId,
      r: link.role,
      ...(link.pointId !== undefined ? { p: link.pointId } : {}),
      l: link.id,
      x: Math.floor(link.expiresAt / 1000),
    };
    return signJoinToken(this.#secret, claims);
  }

  /**
   * Whether verified claims still name a live link. The claims must match the record exactly:
   * a link cannot be stretched to another role or point even by someone holding the secret's output.
   */
  async check(claims: JoinClaims): Promise<{ ok: true; link: JoinLink } | { ok: false; code: LinkRefusal }> {
    const link = await this.get(claims.c, claims.l);
    if (!link || link.role !== claims.r || link.pointId !== claims.p || Math.floor(link.expiresAt / 1000) !== claims.x) {
      return { ok: false, code: 'TOKEN_UNKNOWN' };
    }
    if (link.revokedAt !== null) return { ok: false, code: 'TOKEN_REVOKED' };
    return { ok: true, link };
  }
}

/** An opening of a link waiting for the next write of the conference's openings. */
interface PendingOpen {
  readonly linkId: string;
  readonly at: number;
  readonly resolve: (counted: { first: boolean; opens: LinkOpens }) => void;
  readonly reject: (error: unknown) => void;
}

/** A damaged list must not silently drop revocations: refuse it (the caller fails) rather than re-admit. */
function parseLinks(text: string | null): JoinLink[] {
  return text === null ? [] : StoredLinksSchema.parse(JSON.parse(text));
}

function parseOpens(text: string | null): Record<string, LinkOpens> {
  return text === null ? {} : StoredOpensSchema.parse(JSON.parse(text));
}

/** `change` applied to the stored value under the store's lock of the key; what it returned. */
async function atomically<V, T>(update: NonNullable<StoreMeta['update']>, key: string, parse: (text: string | null) => V, change: (value: V) => T): Promise<T> {
  let result: { value: T } | undefined;
  await update(key, (text) => {
    const value = parse(text);
    result = { value: change(value) };
    return JSON.stringify(value);
  });
  return result!.value;
}
