// bench:client, step (1): a point's join in a fresh Chromium (own profile, cold cache): open the
// join link, pass the pre-flight by clicking "join" as soon as it is enabled, wait for the first
// decoded remote frame. Times are read in the page (performance.now() counts from the start of
// the navigation, i.e. from opening the link); two marks are taken by a watcher installed before
// the page's own scripts: when "join" became enabled, and when the click reached the page, so the
// automation's own click latency is reported apart from the app's time (but stays in the total).
import type { Page } from 'playwright-core';
import { CA_MAU_2021_CENTRAL_POINT_ID as CENTRAL, CA_MAU_2021_CONFERENCE_ID as CONF } from '../shared/demo/caMau2021.js';
import { issueLink, openParticipant, startScenarioServer, type Participant, type ScenarioServer } from '../test/browser/scenario-support.js';

/** Plain JavaScript (not a function passed through tsx, which would add helpers the page lacks). */
const WATCH_JOIN = `(() => {
  const marks = (globalThis.__benchJoin = { enabledAt: null, clickedAt: null });
  new MutationObserver(() => {
    if (marks.enabledAt === null && document.querySelector('[data-testid=preflight-join]:not([disabled])')) marks.enabledAt = performance.now();
  }).observe(document, { subtree: true, childList: true, attributes: true });
  document.addEventListener('click', (e) => {
    if (marks.clickedAt === null && e.target && e.target.closest && e.target.closest('[data-testid=preflight-join]')) marks.clickedAt = performance.now();
  }, true);
})();`;

/** In the page: the first remote <video> of the program (not our own camera) with a decoded frame. */
export function firstRemoteFrame(page: Page, timeoutMs: number): Promise<number> {
  return page
    .waitForFunction(
      () => {
        const videos = [...document.querySelectorAll<HTMLVideoElement>('[data-testid=point-console] video')].filter((v) => !v.closest('.video--self'));
        const decoded = videos.some((v) => v.videoWidth > 0 && v.getVideoPlaybackQuality().totalVideoFrames > 0);
        return decoded ? performance.now() : 0;
      },
      undefined,
      { polling: 10, timeout: timeoutMs },
    )
    .then((h) => h.jsonValue() as Promise<number>);
}

export type JoinSample = {
  pointId: string;
  /** link opened → first decoded remote frame */
  totalMs: number;
  /** link opened → "join" enabled (pre-flight shown, camera open, server's welcome) */
  joinEnabledMs: number;
  /** "join" enabled → the automation's click reached the page */
  clickLatencyMs: number;
  /** click reached the page → first decoded remote frame */
  afterClickMs: number;
  wallMs: number;
};

/** One join in a fresh browser (own profile, cold cache). */
export async function oneJoin(env: ScenarioServer, pointId: string, name: string): Promise<JoinSample> {
  const link = await issueLink(env.server, CONF, 'point', pointId);
  const p = await openParticipant(name, 'about:blank');
  try {
    await p.context.addInitScript({ content: WATCH_JOIN });
    const wall0 = Date.now();
    await p.page.goto(link);
    // Click as a user would the moment "join" is enabled: a real mouse click (CDP input events at
    // the button's centre), without Playwright's extra actionability waits (scrolling, two
    // animation frames of a stable box), which cost 100-300 ms on a loaded machine and are no
    // part of the app. The enabled → click time is still measured and stays in the total.
    await p.page.waitForSelector('[data-testid=preflight-join]:not([disabled])', { timeout: 30_000 });
    await p.page.locator('[data-testid=preflight-join]').click({ force: true, timeout: 30_000 });
    const frameAt = await firstRemoteFrame(p.page, 30_000);
    const m = await p.page.evaluate(() => (globalThis as unknown as { __benchJoin: { enabledAt: number | null; clickedAt: number | null } }).__benchJoin);
    if (m.enabledAt === null || m.clickedAt === null) throw new Error(`join marks missing: ${JSON.stringify(m)}`);
    return { pointId, totalMs: frameAt, joinEnabledMs: m.enabledAt, clickLatencyMs: m.clickedAt - m.enabledAt, afterClickMs: frameAt - m.clickedAt, wallMs: Date.now() - wall0 };
  } finally {
    await p.close();
  }
}

/** A server serving one client build, with the central point publishing from its own console. */
export interface JoinRig {
  label: string;
  env: ScenarioServer;
  central: Participant;
  dispose(): Promise<void>;
}

export async function joinRig(label: string, clientDir?: string): Promise<JoinRig> {
  const env = await startScenarioServer({ clientDir });
  const central = await openParticipant(`bench-central-${label}`, await issueLink(env.server, CONF, 'point', CENTRAL));
  await central.page.locator('[data-testid=preflight-join]').click({ timeout: 30_000 });
  await central.page.locator('[data-testid=point-console]').waitFor({ timeout: 30_000 });
  return {
    label,
    env,
    central,
    dispose: async () => {
      await central.close();
      await env.dispose();
    },
  };
}
