import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { conferencesApi } from '../http/conferencesApi.js';
import { healthApi } from '../http/healthApi.js';
import { invitationsApi } from '../http/invitationsApi.js';
import { linksApi } from '../http/linksApi.js';
import { reportsApi } from '../http/reportsApi.js';
import { organiserApi } from '../http/organiserApi.js';
import { documentsApi } from '../documents/http.js';
import { livePushApi } from '../live/push-http.js';
import { recordingApi } from '../recording/http.js';
import { stillsApi } from '../stills/http.js';
import { liveStreamApi } from '../live/http.js';
import { watchLinksApi, watchRoute } from '../live/watch-http.js';
import { HTTP_ROUTES, routesOf } from './protocolDoc/httpRoutes.js';
import { placementApi } from '../http/placementApi.js';
import { renderProtocolDoc } from './protocolDoc/renderProtocolDoc.js';

// docs/PROTOCOL.md cannot drift from the code: it must be exactly what the generator makes from
// the schemas today, and its HTTP table must list exactly the routes the routers register.

const DOC = path.resolve(import.meta.dirname, '../../docs/PROTOCOL.md');

describe('docs/PROTOCOL.md', () => {
  it('is what `npm run docs:protocol` generates from the current schemas', async () => {
    const generated = await renderProtocolDoc();
    const committed = readFileSync(DOC, 'utf8');
    // On failure: run `npm run docs:protocol` and commit docs/PROTOCOL.md.
    expect(committed === generated, 'docs/PROTOCOL.md is stale: run `npm run docs:protocol`').toBe(true);
  });

  it('lists exactly the HTTP routes the server registers', () => {
    const none = {} as never;
    const registered = [
      ...routesOf(healthApi({ readiness: none, metrics: none, authenticator: none, metricsToken: undefined })),
      ...routesOf(conferencesApi({ rooms: none, store: none, authenticator: none, commands: none }), '/api'),
      ...routesOf(linksApi({ rooms: none, links: none, authenticator: none, joinUrl: none }), '/api'),
      ...routesOf(documentsApi({ rooms: none, links: none, authenticator: none, joinUrl: none }), '/api'),
      ...routesOf(organiserApi({ rooms: none, store: none, authenticator: none, commands: none, links: none }), '/api'),
      ...routesOf(invitationsApi({ rooms: none, authenticator: none, commands: none }), '/api'),
      ...routesOf(reportsApi({ rooms: none, store: none, authenticator: none, commands: none, renderer: none }), '/api'),
      ...routesOf(recordingApi({ rooms: none, store: none, authenticator: none, recording: undefined }), '/api'),
      ...routesOf(placementApi({ ranked: undefined, authenticator: none, recordedRegion: none }), '/api'),
      ...routesOf(livePushApi({ rooms: none, authenticator: none, live: undefined }), '/api'),
      ...routesOf(stillsApi({ rooms: none, authenticator: none, commands: none, stills: undefined, files: undefined }), '/api'),
      ...routesOf(liveStreamApi({ rooms: none, authenticator: none, live: undefined }), '/api'),
      ...routesOf(watchLinksApi({ rooms: none, authenticator: none, live: undefined, watchLinks: none, watchUrl: none }), '/api'),
      ...routesOf(watchRoute({ rooms: none, authenticator: { limiter: none } as never, live: undefined, watchLinks: none, watchUrl: none })),
    ].sort();
    expect(registered).toEqual(HTTP_ROUTES.map((r) => `${r.method} ${r.path}`).sort());
  });
});
