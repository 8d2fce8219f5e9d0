import { useEffect, useReducer, useState } from 'preact/hooks';
import { stillPaths, TakenStillSchema, type TakeStillRequest } from '../../../shared/protocol/stills-http.js';
import { z } from 'zod';
import { refusalText, type Catalogue } from '../../i18n/index.js';
import { apiClient, call, type ApiClient } from '../organiser/api.js';
import { useSession } from '../session.js';

// The stills desk of one console: takes stills over HTTP (POST …/stills, the join token as a
// Bearer credential), chooses them for the minutes (PUT …/stills/:id), and fetches their JPEGs
// into object URLs (an <img src> cannot send the header). The stills themselves arrive in the
// meeting's state through the log's stillTaken / stillSelected events, so nothing here lists them;
// the desk keeps only what this screen is doing: which takes are under way and the last outcome,
// said in the error catalogue's words (NO_VIDEO, STILL_FAILED, STILLS_UNAVAILABLE…).

export type DeskMessage = { tone: 'error' | 'info'; text: string };

const SelectedSchema = z.object({ stillId: z.string(), inMinutes: z.boolean() });

export class StillsDesk {
  readonly #listeners = new Set<() => void>();
  readonly #busy = new Set<string>();
  readonly #images = new Map<string, Promise<string | null>>();
  #message: DeskMessage | null = null;

  constructor(
    readonly api: ApiClient,
    readonly conferenceId: string,
  ) {}

  get message(): DeskMessage | null {
    return this.#message;
  }

  busy(request: TakeStillRequest): boolean {
    return this.#busy.has(keyOf(request));
  }

  async take(t: Catalogue, request: TakeStillRequest): Promise<boolean> {
    const key = keyOf(request);
    if (this.#busy.has(key)) return false;
    this.#busy.add(key);
    this.#message = null;
    this.#emit();
    const r = await call(this.api, 'POST', stillPaths(this.conferenceId).take, TakenStillSchema, request);
    this.#busy.delete(key);
    this.#message = r.ok ? { tone: 'info', text: t.stills.taken } : { tone: 'error', text: refusalText(t, r.code) };
    this.#emit();
    return r.ok;
  }

  /** In the minutes or not, with a caption (absent keeps the one given). */
  async select(t: Catalogue, stillId: string, inMinutes: boolean, caption?: string): Promise<boolean> {
    const r = await call(this.api, 'PUT', stillPaths(this.conferenceId, stillId).select, SelectedSchema, { inMinutes, ...(caption !== undefined ? { caption } : {}) });
    this.#message = r.ok ? null : { tone: 'error', text: refusalText(t, r.code) };
    this.#emit();
    return r.ok;
  }

  /** The JPEG as an object URL, fetched once per still; null when it cannot be had. */
  image(stillId: string): Promise<string | null> {
    let p = this.#images.get(stillId);
    if (!p) {
      p = this.#fetchImage(stillId);
      this.#images.set(stillId, p);
      // A failed fetch is tried again the next time the still is shown.
      void p.then((url) => url ?? this.#images.delete(stillId));
    }
    return p;
  }

  async #fetchImage(stillId: string): Promise<string | null> {
    try {
      const res = await this.api.fetch(`${this.api.baseUrl}/api${stillPaths(this.conferenceId, stillId).jpeg}`, { headers: { authorization: `Bearer ${this.api.token}` } });
      if (!res.ok) return null;
      return URL.createObjectURL(await res.blob());
    } catch {
      return null;
    }
  }

  dispose(): void {
    for (const p of this.#images.values()) void p.then((url) => url && URL.revokeObjectURL(url));
    this.#images.clear();
  }

  subscribe(l: () => void): () => void {
    this.#listeners.add(l);
    return () => this.#listeners.delete(l);
  }

  #emit(): void {
    for (const l of this.#listeners) l();
  }
}

const keyOf = (r: TakeStillRequest) => (r.source === 'point' ? `point:${r.pointId}` : 'program');

// One desk per joined session: the wall's buttons, the program's and the gallery share it, so a
// refusal from a tile's button is said in the gallery.
const desks = new WeakMap<object, StillsDesk>();

export function useStillsDesk(): StillsDesk {
  const session = useSession();
  const [desk] = useState(() => {
    let d = desks.get(session.replica);
    if (!d) {
      d = new StillsDesk(apiClient(session.token), session.conferenceId);
      desks.set(session.replica, d);
    }
    return d;
  });
  const [, bump] = useReducer((n: number) => n + 1, 0);
  useEffect(() => desk.subscribe(() => bump(undefined)), [desk]);
  return desk;
}

/** The object URL of a still's JPEG once fetched (null while loading), or 'failed'. */
export function useStillImage(desk: StillsDesk, stillId: string): string | null | 'failed' {
  const [url, setUrl] = useState<string | null | 'failed'>(null);
  useEffect(() => {
    let live = true;
    void desk.image(stillId).then((u) => live && setUrl(u ?? 'failed'));
    return () => {
      live = false;
    };
  }, [desk, stillId]);
  return url;
}
