import type { z } from 'zod';
import { HTTP_ROUTES } from '../../server/gateway/protocolDoc/httpRoutes.js';
import { CommandSchema } from '../../shared/protocol/index.js';
import { LEAK_PATTERNS } from './catalogue.js';
import type { PhaseContext } from './context.js';
import { mutate } from './mutate.js';
import { sample, type IdPool } from './zodSample.js';

// HTTP requests to every route PROTOCOL.md lists (HTTP_ROUTES, which protocolDoc.test.ts holds
// equal to what the routers register, so a new route is fuzzed the day it is added), with path
// parameters, queries, bodies, content types, methods and credentials of every kind. One request
// at a time, so a refused one can be checked to have changed nothing.

/** 5xx answers that are part of the protocol (the store or the SFU is down, a report too slow). */
const DOCUMENTED_5XX = new Set(['UNAVAILABLE', 'LOG_UNAVAILABLE', 'REPORT_TIMEOUT', 'RECORDING_UNAVAILABLE', 'MEDIA_UNAVAILABLE']);
const CODE = /^[A-Z][A-Z0-9_]{1,63}$/;
const QUERY_KEYS = ['after', 'limit', 'view', 'delimiter', 'seq', 'q', 'from', 'to', 'phase', 'mode', 'fileName', 'points', 'number', 'signDate', 'ttlHours'];
const QUERY_VALUES = ['0', '1', '-1', '5000', '5001', '1e9', 'NaN', '', 'attendees', 'totals', 'presence', 'comma', 'semicolon', 'replace', 'append', '2021-01-04', '2021-13-45', 'upcoming', 'inProgress', 'ended', 'thoi-binh,u-minh', '%00', '../../etc/passwd', 'ư'.repeat(300)];
/** A command's fields without its type: the body of the routes that wrap one command. */
function commandFields(type: string): z.ZodType {
  const option = (CommandSchema.options as unknown as { shape: { type: { value: string } }; omit: (m: Record<string, true>) => z.ZodType }[]).find((o) => o.shape.type.value === type);
  return option!.omit({ type: true });
}
const CREATE = commandFields('createConference');
const UPDATE = commandFields('updateConference');
const FILES = ['attendance.csv', 'attendance.xlsx', 'attendance.pdf', 'minutes.pdf', 'minutes.docx', 'minutes.md', 'observer-access', 'x.exe', '..%2F..%2Fetc%2Fpasswd', 'minutes.md%00.pdf'];

export interface HttpStats {
  requests: number;
  readonly statuses: Map<number, number>;
  readonly routes: Set<string>;
  /** answer time per route: [count, total ms, slowest ms] */
  readonly latency: Map<string, [number, number, number]>;
}

export function newHttpStats(): HttpStats {
  return { requests: 0, statuses: new Map(), routes: new Set(), latency: new Map() };
}

export class HttpFuzzer {
  readonly #serverAdminToken: string;
  readonly #secrets: () => readonly string[];
  readonly #c: PhaseContext;
  readonly stats: HttpStats;
  #pool: IdPool;
  step = 0;

  constructor(context: PhaseContext, options: { serverAdminToken: string; secrets: () => readonly string[]; stats: HttpStats }) {
    this.#c = context;
    this.#serverAdminToken = options.serverAdminToken;
    this.#secrets = options.secrets;
    this.stats = options.stats;
    const state = this.#c.log.stateOf(this.#c.conference.conferenceId);
    this.#pool = { byField: new Map([['pointId', state.pointOrder]]), any: state.pointOrder };
  }

  #authorization(): string | undefined {
    const f = this.#c.fuzz;
    const tokens = [...this.#c.conference.tokens.values(), this.#serverAdminToken];
    const token = f.pick(tokens);
    // mostly a valid credential: failures are throttled per address after a few (429), so more
    // broken ones would only measure the limiter
    switch (f.int(12)) {
      case 0:
        return undefined;
      case 1:
        return f.pick(['Bearer', 'Bearer ', `Basic ${Buffer.from('admin:admin').toString('base64')}`, `bearer ${token}`, `Bearer ${token} ${token}`]);
      case 2:
        return `Bearer ${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
      default:
        return `Bearer ${token}`;
    }
  }

  #path(template: string): string {
    const f = this.#c.fuzz;
    const conferenceId = f.chance(0.92) ? this.#c.conference.conferenceId : f.pick(['nope', 'hn-test-2021', '..', '%2e%2e', 'a'.repeat(200), '%F0%9F%92%A9', 'con%00f']);
    const linkIds = [...this.#c.conference.linkIds.values()];
    return template
      .replace(':conferenceId', conferenceId)
      .replace(':file', f.pick(FILES))
      .replace(':linkId', f.chance(0.8) && linkIds.length > 0 ? f.pick(linkIds) : f.pick(['nope', '%00', 'x'.repeat(100)]));
  }

  #query(): string {
    const f = this.#c.fuzz;
    if (f.chance(0.4)) return '';
    const parts: string[] = [];
    for (let n = 1 + f.int(3); n > 0; n--) parts.push(`${f.pick(QUERY_KEYS)}=${encodeURIComponent(f.pick(QUERY_VALUES))}`);
    if (f.chance(0.1)) parts.push('after=1&after=2');
    return `?${parts.join('&')}`;
  }

  #body(path: string): { body?: BodyInit; type?: string } {
    const f = this.#c.fuzz;
    const r = f.int(10);
    if (r === 0) return {};
    if (r === 1) return { body: '{"command":', type: 'application/json' };
    if (r === 2) return { body: new Uint8Array(Array.from({ length: f.int(300) }, () => f.int(256))), type: f.pick(['application/octet-stream', 'text/csv', 'application/json', 'multipart/form-data']) };
    let value: unknown;
    if (path.endsWith('/commands')) value = { command: sample(f, CommandSchema as unknown as z.ZodType, this.#pool) };
    else if (path === '/api/conferences') value = sample(f, CREATE, this.#pool);
    else if (path === '/api/conferences/:conferenceId') value = sample(f, UPDATE, this.#pool);
    else if (path.endsWith('/links')) value = { role: f.pick(['admin', 'chair', 'clerk', 'observer', 'point', 'system', 'root']), pointId: f.pick(this.#pool.any), ttlHours: f.pick([1, 720, -1, 1e9]), label: 'x' };
    else if (path.endsWith('/observer-access')) value = { allowed: f.pick([true, false, 'yes']) };
    else value = { title: 'Hội nghị', date: f.pick(['2021-01-04', '2021-02-30', 'hôm nay']), reissue: true, ttlHours: 24, venue: 'Hội trường' };
    if (f.chance(0.4)) value = mutate(f, value).value;
    return { body: JSON.stringify(value, (_k, v: unknown) => (v instanceof Uint8Array ? [...v] : v)), type: f.pick(['application/json', 'application/json', 'text/plain', 'application/json; charset=latin1']) };
  }

  /** One request to a random route; checks status, body and log. */
  async request(): Promise<void> {
    this.step++;
    const f = this.#c.fuzz;
    const route = f.pick(HTTP_ROUTES);
    if (route.path === '/metrics') return; // engineer "metrics" owns it this week; its own tests check it
    const method = f.chance(0.9) ? route.method : f.pick(['DELETE', 'OPTIONS', 'HEAD', 'PUT', 'PATCH']);
    const path = this.#path(route.path) + this.#query();
    const { body, type } = method === 'GET' || method === 'HEAD' ? {} : this.#body(route.path);
    const headers: Record<string, string> = {};
    const authorization = this.#authorization();
    if (authorization !== undefined) headers['authorization'] = authorization;
    if (type) headers['content-type'] = type;
    const before = this.#c.log.heads();
    const started = Date.now();
    let res: Response;
    try {
      res = await fetch(`${this.#c.url}${path}`, { method, headers, ...(body !== undefined ? { body } : {}), signal: AbortSignal.timeout(30_000) });
    } catch (error) {
      this.#c.findings.add('HTTP request failed', `${method} ${path}: ${(error as Error).message} (${((error as Error).cause as Error | undefined)?.message ?? ''})`, this.step);
      return;
    }
    const text = method === 'HEAD' ? '' : await res.text();
    this.stats.requests++;
    this.stats.routes.add(`${route.method} ${route.path}`);
    const key = `${route.method} ${route.path}`;
    const [n, total, slowest] = this.stats.latency.get(key) ?? [0, 0, 0];
    this.stats.latency.set(key, [n + 1, total + Date.now() - started, Math.max(slowest, Date.now() - started)]);
    this.stats.statuses.set(res.status, (this.stats.statuses.get(res.status) ?? 0) + 1);
    const what = `${method} ${path.slice(0, 160)} → ${res.status}`;
    if (Date.now() - started > 15_000) this.#c.findings.add('slow HTTP answer', `${what} in ${Date.now() - started} ms`, this.step);
    let code: string | undefined;
    try {
      code = (JSON.parse(text) as { code?: string }).code;
    } catch {
      // a file, a page, Prometheus text
    }
    if (res.status >= 500 && !(code && DOCUMENTED_5XX.has(code)) && route.path !== '/readyz') this.#c.findings.add(`HTTP ${res.status}`, `${what}: ${text.slice(0, 300)}`, this.step);
    if (res.status >= 400 && res.status !== 404 && method !== 'HEAD' && !(code && CODE.test(code))) this.#c.findings.add('HTTP refusal without a code', `${what}: ${text.slice(0, 200)}`, this.step);
    for (const pattern of LEAK_PATTERNS) if (pattern.test(text) && !/\.(pdf|docx|xlsx)/.test(path)) this.#c.findings.add('HTTP answer leaks internals', `${what}: ${text.slice(0, 300)}`, this.step);
    for (const secret of this.#secrets()) if (text.includes(secret)) this.#leak(route.path, what, res.status);
    if (res.status >= 400) for (const row of this.#c.log.caused(before)) this.#c.findings.add(`refused HTTP request changed the log (${row.event.type})`, `${what} body ${String(body).slice(0, 160)}`, this.step);
  }

  /** A token in an answer is fine only where the route hands out links to an admin. */
  #leak(routePath: string, what: string, status: number): void {
    if (status < 300 && /\/links|\/documents\//.test(routePath)) return;
    this.#c.findings.add('HTTP answer holds a token or the secret', what, this.step);
  }
}
