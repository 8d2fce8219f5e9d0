import type { Page } from 'playwright-core';
import type { TileStats } from '../../client/media/tile-stats.js';
import type { RunningServer } from '../../server/app.js';
import { issueLink, openParticipant, type Participant } from './scenario-support.js';

// Opening the pre-flight media check (client/media-check.html) as a point, the chair or the
// clerk, with a join link issued through the admin API like an organiser would.

export type { TileStats };
export type PageStats = { tiles: TileStats[]; send: string | null; recv: string | null };

export async function openMediaCheck(
  server: RunningServer,
  conferenceId: string,
  name: string,
  who: { role: 'point' | 'chair' | 'clerk'; pointId?: string },
  query: Record<string, string> = {},
  chromiumArgs: string[] = [],
): Promise<Participant> {
  const link = await issueLink(server, conferenceId, who.role, who.pointId);
  const token = new URL(link).hash.replace(/^#t=/, '');
  const qs = new URLSearchParams({ ...(who.role === 'point' ? {} : { send: '0' }), ...query });
  return openParticipant(name, `${server.url}/media-check.html?${qs.toString()}#t=${token}`, chromiumArgs);
}

export function pageStats(page: Page): Promise<PageStats | null> {
  return page.evaluate(async () => {
    const api = (window as unknown as { __hoinghiMedia?: { stats(): Promise<PageStats> } }).__hoinghiMedia;
    return api ? api.stats() : null;
  });
}

export function pageValue<T>(page: Page, expr: 'state' | 'recoveries' | 'health' | 'plan'): Promise<T> {
  return page.evaluate((key) => (window as unknown as { __hoinghiMedia?: Record<string, unknown> }).__hoinghiMedia?.[key], expr) as Promise<T>;
}

/** Polls until check() returns a truthy value, or throws with the last value seen. */
export async function until<T>(label: string, check: () => Promise<T | null | undefined | false>, timeoutMs: number, everyMs = 250): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
      last = v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${label}; last: ${JSON.stringify(last instanceof Error ? last.message : last)?.slice(0, 800)}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
