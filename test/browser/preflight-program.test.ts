import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CA_MAU_2021_CENTRAL_POINT_ID as CENTRAL, CA_MAU_2021_CONFERENCE_ID as CONF } from '../../shared/demo/caMau2021.js';
import { axeFindings } from './axe.js';
import { decodedFrames, ensureClientBuilt, issueLink, openParticipant, startScenarioServer, type Participant, type ScenarioServer } from './scenario-support.js';

// Issue 18, item 5: a point's pre-flight shows the program it will see once it joins, already
// playing, beside its own camera: the operator checks their own picture while the central point's
// plays. Its sound stays paused at the SFU until "join" (the microphone check would hear the
// conference through the room's speakers), and the point sends nothing before it joins.

const UM = 'cm-u-minh';
let env: ScenarioServer;
let central: Participant;
let uMinh: Participant;

const poll = <T>(fn: () => Promise<T> | T, timeout = 60_000) => expect.poll(fn, { timeout, interval: 250 });
const sessionsOf = (pointId: string) => env.server.media!.service.sessionsOf(CONF).filter((s) => s.info.pointId === pointId);
/** U Minh's consumers of the central point at the SFU, by kind: paused or forwarding. */
const consumersFromCentral = () =>
  sessionsOf(UM)
    .flatMap((s) => [...s.consumers.values()])
    .filter((c) => !c.closed && c.appData.pointId === CENTRAL)
    .map((c) => ({ kind: c.kind, paused: c.paused }));

beforeAll(async () => {
  ensureClientBuilt();
  env = await startScenarioServer();
  central = await openParticipant('central', await issueLink(env.server, CONF, 'point', CENTRAL));
  await central.page.locator('[data-testid=preflight-join]:not([disabled])').click({ timeout: 60_000 });
  await central.page.locator('[data-testid=point-console]').waitFor({ timeout: 60_000 });
  uMinh = await openParticipant('u-minh', await issueLink(env.server, CONF, 'point', UM));
}, 180_000);

afterAll(async () => {
  await uMinh?.close();
  await central?.close();
  await env?.dispose();
});

describe('the program in the pre-flight', () => {
  it('plays the central point large in the pre-flight, beside the point’s own camera, with the sound held and nothing sent', async () => {
    await uMinh.page.locator('[data-testid=preflight]').waitFor({ timeout: 60_000 });
    const large = `[data-testid=preflight-program] li[data-point-id=${CENTRAL}][data-size=large] video`;
    await poll(() => decodedFrames(uMinh.page, large).catch(() => 0)).toBeGreaterThan(0);
    await poll(() => decodedFrames(uMinh.page, '.preflight .video--self video').catch(() => 0)).toBeGreaterThan(0);
    // Still in the pre-flight: no console yet, "join" not clicked.
    expect(await uMinh.page.locator('[data-testid=point-console]').count()).toBe(0);
    expect(await uMinh.page.locator('#preflight-program-title').textContent()).toBe('Hình hội nghị điểm cầu sẽ thấy');
    // At the SFU: the central point's camera forwarded to U Minh, its microphone held; U Minh sends nothing.
    await poll(() => consumersFromCentral().sort((a, b) => a.kind.localeCompare(b.kind))).toEqual([
      { kind: 'audio', paused: true },
      { kind: 'video', paused: false },
    ]);
    expect(sessionsOf(UM).flatMap((s) => [...s.producers.values()])).toEqual([]);
    const findings = await axeFindings(uMinh.page, 'pre-flight with the program');
    expect(findings).toEqual([]);
  }, 180_000);

  it('"join": the sound flows, the console shows the program, the point sends its camera', async () => {
    await uMinh.page.locator('[data-testid=preflight-join]:not([disabled])').click({ timeout: 60_000 });
    await uMinh.page.locator('[data-testid=point-console]').waitFor({ timeout: 60_000 });
    await poll(() => decodedFrames(uMinh.page, `[data-testid=program] li[data-point-id=${CENTRAL}] video`).catch(() => 0)).toBeGreaterThan(0);
    await poll(() => consumersFromCentral().every((c) => !c.paused)).toBe(true);
    await poll(() => sessionsOf(UM).flatMap((s) => [...s.producers.values()].map((p) => p.kind)).sort()).toEqual(['audio', 'video']);
  }, 180_000);
});
