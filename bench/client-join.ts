// bench:client, step (1): a point's join in a fresh Chromium (own profile, cold cache): open the
// join link, pass the pre-flight by clicking "join" as soon as it is enabled, wait for the first
// decoded remote frame in the point console. Times are read in the page (performance.now() counts
// from the start of the navigation, i.e. from opening the link) by a watcher installed before the
// page's own scripts (client-steps.ts): every step of the join, among them when "join" became
// enabled and when the click reached the page, so the automation's own click latency is reported
// apart from the app's time. The total is the first decoded remote frame anywhere on the page: in
// the pre-flight (which shows the program) or, for a build that shows it only after "join", in the
// console.
import type { Page } from 'playwright-core';
import { CA_MAU_2021_CENTRAL_POINT_ID as CENTRAL, CA_MAU_2021_CONFERENCE_ID as CONF } from '../shared/demo/caMau2021.js';
import { issueLink, openParticipant, startScenarioServer, type Participant, type ScenarioServer } from '../test/browser/scenario-support.js';
import { readStepMarks, WATCH_JOIN_STEPS, type StepMarks } from './client-steps.js';

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
  /** link opened → first decoded remote frame (pre-flight or console) */
  totalMs: number;
  /** link opened → "join" enabled (pre-flight shown, camera open, server's welcome) */
  joinEnabledMs: number;
  /** "join" enabled → the automation's click reached the page */
  clickLatencyMs: number;
  /** click reached the page → first decoded remote frame in the point console */
  afterClickMs: number;
  wallMs: number;
  /** every step's time from opening the link (client-steps.ts); a step a build does not take is absent */
  steps: StepMarks;
};

/** One join in a fresh browser (own profile, cold cache). */
export async function oneJoin(env: ScenarioServer, pointId: string, name: string): Promise<JoinSample> {
  const link = await issueLink(env.server, CONF, 'point', pointId);
  const p = await openParticipant(name, 'about:blank');
  try {
    await p.context.addInitScript({ content: WATCH_JOIN_STEPS });
    const wall0 = Date.now();
    await p.page.goto(link);
    // Click as a user would the moment "join" is enabled: a real mouse click (CDP input events at
    // the button's centre), without Playwright's extra actionability waits (scrolling, two
    // animation frames of a stable box), which cost 100-300 ms on a loaded machine and are no
    // part of the app. The enabled → click time is still measured and stays in the total.
    await p.page.waitForSelector('[data-testid=preflight-join]:not([disabled])', { timeout: 30_000 });
    await p.page.locator('[data-testid=preflight-join]').click({ force: true, timeout: 30_000 });
    await p.page.waitForFunction(() => (globalThis as unknown as { __benchSteps: { consoleFrame?: number } }).__benchSteps.consoleFrame !== undefined, undefined, { polling: 10, timeout: 30_000 });
    const steps = await p.page.evaluate(readStepMarks);
    const { firstFrame, joinEnabled, clicked, consoleFrame } = steps;
    if (firstFrame === undefined || joinEnabled === undefined || clicked === undefined || consoleFrame === undefined) throw new Error(`join marks missing: ${JSON.stringify(steps)}`);
    return { pointId, totalMs: firstFrame, joinEnabledMs: joinEnabled, clickLatencyMs: clicked - joinEnabled, afterClickMs: consoleFrame - clicked, wallMs: Date.now() - wall0, steps };
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
