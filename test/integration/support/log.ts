import { expect } from 'vitest';
import type { StoredMeetingEvent } from '../../../shared/protocol/socket.js';
import type { Api } from './api.js';

/** A conference's whole log through the HTTP API, page by page (as the server admin reads it). */
export async function readWholeLog(api: Api, conferenceId: string): Promise<StoredMeetingEvent[]> {
  const events: StoredMeetingEvent[] = [];
  for (let after = 0; ; ) {
    const page = await api.get<{ headSeq: number; events: StoredMeetingEvent[] }>(`/api/conferences/${conferenceId}/events?after=${after}&limit=5000`);
    expect(page.status).toBe(200);
    events.push(...page.body.events);
    if (page.body.events.length === 0 || events.length >= page.body.headSeq) break;
    after = events[events.length - 1]!.seq;
  }
  return events;
}
