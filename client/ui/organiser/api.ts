import { z } from 'zod';
import { ConferenceStatusSchema } from '../../../shared/protocol/values.js';
import { fetchReport, type Downloaded } from '../reports/exports.js';

// The organiser's HTTP calls (docs/ORGANISER-API.md): everything that is not a meeting command —
// the server's conference list, creating and copying a conference, join links, the printed
// sheets. Authorised like every API call, with the join token as a Bearer credential. Answers are
// checked with zod (the server is trusted, what is in between is not); a refusal comes back as
// the API's { code, message }, never as a throw, so the view can show it in place.

export type ApiResult<T> = { ok: true; value: T } | { ok: false; status: number; code: string; message: string };

export interface ApiClient {
  readonly token: string;
  readonly baseUrl: string;
  readonly fetch: typeof fetch;
}

export function apiClient(token: string, baseUrl = location.origin, fetchFn: typeof fetch = (...a) => fetch(...a)): ApiClient {
  return { token, baseUrl, fetch: fetchFn };
}

const RefusalSchema = z.object({ code: z.string().max(64), message: z.string().max(2000) }).partial();

export async function call<T>(api: ApiClient, method: string, path: string, schema: z.ZodType<T>, body?: unknown): Promise<ApiResult<T>> {
  let res: Response;
  try {
    res = await api.fetch(`${api.baseUrl}/api${path}`, {
      method,
      headers: { authorization: `Bearer ${api.token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch (err) {
    return { ok: false, status: 0, code: 'NETWORK', message: err instanceof Error ? err.message : String(err) };
  }
  const json: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const r = RefusalSchema.safeParse(json);
    return { ok: false, status: res.status, code: (r.success && r.data.code) || 'HTTP_STATUS', message: (r.success && r.data.message) || res.statusText };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) return { ok: false, status: res.status, code: 'BAD_ACK', message: parsed.error.message };
  return { ok: true, value: parsed.data };
}

// --- the server's conferences ---

/** Where a conference stands, as the server's list groups them (the core's `conferencePhase`). */
export const PHASES = ['inProgress', 'upcoming', 'ended'] as const;
export type Phase = (typeof PHASES)[number];

export const ConferenceSummarySchema = z.object({
  conferenceId: z.string(),
  title: z.string().nullable(),
  status: ConferenceStatusSchema.nullable(),
  phase: z.enum(PHASES).nullable().optional(),
  date: z.string().nullable().optional(),
  startTime: z.string().nullable().optional(),
  venue: z.string().nullable().optional(),
  points: z.number().optional(),
});
export type ConferenceSummary = z.infer<typeof ConferenceSummarySchema>;

export interface ListQuery {
  /** words of the title (the server ignores diacritics and case) */
  q: string;
  from: string;
  to: string;
}

export function listConferences(api: ApiClient, query: ListQuery) {
  const params = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== ''));
  const qs = params.toString();
  return call(api, 'GET', `/conferences${qs ? `?${qs}` : ''}`, z.object({ conferences: z.array(ConferenceSummarySchema) }));
}

/** The list in the server's order (newest date first), by phase. */
export function byPhase(list: readonly ConferenceSummary[]): Record<Phase, ConferenceSummary[]> {
  const out: Record<Phase, ConferenceSummary[]> = { inProgress: [], upcoming: [], ended: [] };
  for (const c of list) if (c.phase) out[c.phase].push(c);
  return out;
}

export interface NewConference {
  title: string;
  date: string;
  startTime?: string;
  organiser: string;
  venue: string;
}

const Created = z.object({ conferenceId: z.string() });

export const createConference = (api: ApiClient, body: NewConference) => call(api, 'POST', '/conferences', Created, body);

export interface CopyOf {
  title: string;
  date: string;
  startTime?: string;
  invitationList: boolean;
}

/** A new conference with an earlier one's points, organisations, panel, agenda and settings. */
export const copyConference = (api: ApiClient, fromId: string, body: CopyOf) =>
  call(api, 'POST', `/conferences/${encodeURIComponent(fromId)}/copy`, Created, body);

// --- download of a generated file (sheets, letters, reports, the log) ---

export function downloadFile(api: ApiClient, path: string, fallbackName: string): Promise<Downloaded> {
  return fetchReport(api.fetch, `${api.baseUrl}/api${path}`, api.token, fallbackName);
}

// --- join links ---

export const LinkViewSchema = z.object({
  id: z.string(),
  role: z.enum(['admin', 'chair', 'clerk', 'point', 'observer']),
  pointId: z.string().optional(),
  label: z.string().optional(),
  createdAt: z.number(),
  expiresAt: z.number(),
  revokedAt: z.number().nullable(),
  url: z.string(),
  live: z.boolean().optional(),
  opens: z.number().optional(),
  firstOpenedAt: z.number().nullable().optional(),
  lastOpenedAt: z.number().nullable().optional(),
});
export type LinkView = z.infer<typeof LinkViewSchema>;

const conf = (id: string) => `/conferences/${encodeURIComponent(id)}`;

export const listLinks = (api: ApiClient, conferenceId: string) => call(api, 'GET', `${conf(conferenceId)}/links`, z.object({ links: z.array(LinkViewSchema) }));

export const issueLink = (api: ApiClient, conferenceId: string, body: { role: LinkView['role']; pointId?: string; label?: string; ttlHours?: number }) =>
  call(api, 'POST', `${conf(conferenceId)}/links`, z.object({ link: LinkViewSchema }), body);

/** One point link for every point that has no live one. */
export const issuePointLinks = (api: ApiClient, conferenceId: string, ttlHours?: number) =>
  call(api, 'POST', `${conf(conferenceId)}/links/points`, z.object({ issued: z.array(LinkViewSchema) }), ttlHours ? { ttlHours } : {});

export const revokeLink = (api: ApiClient, conferenceId: string, linkId: string, reissue: boolean, ttlHours?: number) =>
  call(api, 'POST', `${conf(conferenceId)}/links/${encodeURIComponent(linkId)}/revoke`, z.object({ revoked: LinkViewSchema, reissued: LinkViewSchema.optional() }), {
    reissue,
    ...(ttlHours ? { ttlHours } : {}),
  });

// --- live watch links (a read-only address of the live stream for players without headers) ---

export const WatchLinkViewSchema = z.object({
  id: z.string(),
  label: z.string().optional(),
  issuedBy: z.enum(['admin', 'chair']),
  createdAt: z.number(),
  expiresAt: z.number(),
  revokedAt: z.number().nullable(),
  url: z.string(),
  /** the watch page for a browser (the playlist's folder) */
  page: z.string(),
  live: z.boolean(),
});
export type WatchLinkView = z.infer<typeof WatchLinkViewSchema>;

export const listWatchLinks = (api: ApiClient, conferenceId: string) => call(api, 'GET', `${conf(conferenceId)}/watch-links`, z.object({ links: z.array(WatchLinkViewSchema) }));

export const issueWatchLink = (api: ApiClient, conferenceId: string, body: { label?: string; ttlHours?: number }) =>
  call(api, 'POST', `${conf(conferenceId)}/watch-links`, z.object({ link: WatchLinkViewSchema }), body);

export const revokeWatchLink = (api: ApiClient, conferenceId: string, linkId: string) =>
  call(api, 'POST', `${conf(conferenceId)}/watch-links/${encodeURIComponent(linkId)}/revoke`, z.object({ revoked: WatchLinkViewSchema }));

/** Closes the conference for good and stops its links (all but the admins'). */
export const closeConference = (api: ApiClient, conferenceId: string) => call(api, 'POST', `${conf(conferenceId)}/close`, z.object({ ok: z.literal(true) }).passthrough());

export const documentPaths = {
  connectionSheets: (conferenceId: string) => `${conf(conferenceId)}/documents/connection-sheets.pdf`,
  invitation: (conferenceId: string, number: string, signDate: string) => {
    const q = new URLSearchParams(Object.entries({ number, signDate }).filter(([, v]) => v !== '')).toString();
    return `${conf(conferenceId)}/documents/invitation.docx${q ? `?${q}` : ''}`;
  },
  eventLog: (conferenceId: string) => `${conf(conferenceId)}/events.jsonl`,
};
