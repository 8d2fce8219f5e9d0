import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { IdSchema, MAX_WATCH_LINK_HOURS, NameSchema } from '../../shared/protocol/common.js';
import type { StoreMeta } from '../store/EventStore.js';

// Watch links: a read-only address of one conference's live program (HLS) for a player that
// cannot send an Authorization header — VLC, a TV station's ingest, the provincial portal's page.
// The token rides in the path (/live/<token>/index.m3u8, segments relative to it), so it is no
// join token: it opens no socket and no /api route, only that conference's playlist and segments.
//
// Format `w1.<payload>.<signature>` (base64url), the payload `{ c, w, x }` (conference, link id,
// expiry in epoch seconds), HMAC-SHA256 under a key derived from the server secret for this use
// alone — a join token's signature never verifies as a watch token's, nor the reverse. As with
// join links, the signature says we made it and the list kept in the store's meta says we still
// stand by it (revocation, survives a restart; read afresh at each use in cluster mode).

const VERSION = 'w1';
/** Longer than any watch token we sign; junk is refused before anything is parsed. */
export const MAX_WATCH_TOKEN_LENGTH = 400;
export const WatchTokenSchema = z.string().max(MAX_WATCH_TOKEN_LENGTH).regex(/^w1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);

const IssuerSchema = z.enum(['admin', 'chair']);

export const WatchLinkSchema = z.strictObject({
  id: IdSchema,
  conferenceId: IdSchema,
  /** whom it was handed to, as the issuer wrote it ("Đài PT-TH Cà Mau") */
  label: NameSchema.optional(),
  issuedBy: IssuerSchema,
  createdAt: z.number().int().nonnegative(),
  expiresAt: z.number().int().positive(),
  revokedAt: z.number().int().nonnegative().nullable(),
});
export type WatchLink = z.infer<typeof WatchLinkSchema>;

const StoredSchema = z.array(WatchLinkSchema);
const ClaimsSchema = z.strictObject({ c: IdSchema, w: IdSchema, x: z.number().int().positive() });
type Claims = z.infer<typeof ClaimsSchema>;

export type WatchRefusal = 'TOKEN_MALFORMED' | 'TOKEN_SIGNATURE' | 'TOKEN_EXPIRED' | 'TOKEN_UNKNOWN' | 'TOKEN_REVOKED';
export type WatchCheck = { ok: true; link: WatchLink } | { ok: false; code: WatchRefusal; linkId?: string };

export class WatchLinks {
  readonly #meta: StoreMeta;
  readonly #key: Buffer;
  readonly #now: () => number;
  readonly #shared: boolean;
  readonly #cache = new Map<string, Promise<WatchLink[]>>();
  readonly #writes = new Map<string, Promise<unknown>>();

  constructor(meta: StoreMeta, secret: Buffer, now: () => number = Date.now, options: { shared?: boolean } = {}) {
    this.#meta = meta;
    this.#key = createHmac('sha256', secret).update('hoinghi live watch link').digest();
    this.#now = now;
    this.#shared = options.shared ?? false;
  }

  static metaKey(conferenceId: string): string {
    return `live-watch-links:${conferenceId}`;
  }

  #load(conferenceId: string): Promise<WatchLink[]> {
    if (this.#shared) this.#cache.delete(conferenceId);
    let loaded = this.#cache.get(conferenceId);
    if (!loaded) {
      // A damaged list fails loudly rather than forgetting a revocation.
      loaded = this.#meta.get(WatchLinks.metaKey(conferenceId)).then(parseStored);
      loaded.catch(() => this.#cache.delete(conferenceId));
      this.#cache.set(conferenceId, loaded);
    }
    return loaded;
  }

  #update<T>(conferenceId: string, change: (links: WatchLink[]) => T): Promise<T> {
    const next = (this.#writes.get(conferenceId) ?? Promise.resolve()).then(async () => {
      // Shared by several nodes: read and written under the key's lock, so another node's issue or revocation is not lost.
      if (this.#shared && this.#meta.update) {
        let result: { value: T } | undefined;
        await this.#meta.update(WatchLinks.metaKey(conferenceId), (text) => {
          const links = parseStored(text);
          result = { value: change(links) };
          return JSON.stringify(links);
        });
        return result!.value;
      }
      const links = await this.#load(conferenceId);
      const result = change(links);
      await this.#meta.set(WatchLinks.metaKey(conferenceId), JSON.stringify(links));
      return result;
    });
    this.#writes.set(conferenceId, next.catch(() => undefined));
    return next;
  }

  async list(conferenceId: string): Promise<WatchLink[]> {
    return [...(await this.#load(conferenceId))];
  }

  issue(input: { conferenceId: string; issuedBy: 'admin' | 'chair'; label?: string | undefined; ttlMs: number }): Promise<WatchLink> {
    const now = this.#now();
    const link = WatchLinkSchema.parse({
      id: `w${randomBytes(8).toString('hex')}`,
      conferenceId: input.conferenceId,
      ...(input.label !== undefined ? { label: input.label } : {}),
      issuedBy: input.issuedBy,
      createdAt: now,
      expiresAt: now + Math.min(Math.max(1, input.ttlMs), MAX_WATCH_LINK_HOURS * 3600_000),
      revokedAt: null,
    });
    return this.#update(input.conferenceId, (links) => (links.push(link), link));
  }

  /** Revoked at once: the next request of any player holding it is refused. */
  revoke(conferenceId: string, linkId: string): Promise<WatchLink | undefined> {
    return this.#update(conferenceId, (links) => {
      const found = links.find((l) => l.id === linkId);
      if (found && found.revokedAt === null) found.revokedAt = this.#now();
      return found;
    });
  }

  tokenFor(link: WatchLink): string {
    const claims: Claims = { c: link.conferenceId, w: link.id, x: Math.floor(link.expiresAt / 1000) };
    const payload = Buffer.from(JSON.stringify(claims), 'utf8').toString('base64url');
    return `${VERSION}.${payload}.${this.#sign(payload).toString('base64url')}`;
  }

  #sign(payload: string): Buffer {
    return createHmac('sha256', this.#key).update(`${VERSION}.${payload}`).digest();
  }

  /**
   * The signature first (nothing in the payload is believed before), then the expiry, then the
   * stored link: it must exist with the same expiry and not be revoked. `linkId` is returned with
   * a refusal only under a good signature, for the failed-attempt limiter's per-link key.
   */
  async check(token: unknown): Promise<WatchCheck> {
    const parsed = WatchTokenSchema.safeParse(token);
    if (!parsed.success) return { ok: false, code: 'TOKEN_MALFORMED' };
    const [, payload = '', signature = ''] = parsed.data.split('.');
    const given = Buffer.from(signature, 'base64url');
    const expected = this.#sign(payload);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, code: 'TOKEN_SIGNATURE' };
    let claims: Claims;
    try {
      claims = ClaimsSchema.parse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
    } catch {
      return { ok: false, code: 'TOKEN_MALFORMED' };
    }
    if (claims.x * 1000 <= this.#now()) return { ok: false, code: 'TOKEN_EXPIRED', linkId: claims.w };
    const link = (await this.#load(claims.c)).find((l) => l.id === claims.w);
    if (!link || Math.floor(link.expiresAt / 1000) !== claims.x) return { ok: false, code: 'TOKEN_UNKNOWN', linkId: claims.w };
    if (link.revokedAt !== null) return { ok: false, code: 'TOKEN_REVOKED', linkId: claims.w };
    return { ok: true, link };
  }
}

function parseStored(text: string | null): WatchLink[] {
  return text === null ? [] : StoredSchema.parse(JSON.parse(text));
}
