import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startServer, type RunningServer } from '../../server/app.js';
import { loadConfig } from '../../server/config/config.js';
import { createLogger } from '../../server/log/logger.js';

// What the browser scenario needs around it: a built client, a real server (SQLite, the SFU, the
// seeded Cà Mau demo) on port 0, join links from the admin API, and Debian's Chromium with fake
// camera and microphone, one browser process (own profile) per participant.

export const REPO = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
// A plain test run writes its screenshots under test-results/ so it never dirties the tree;
// `UPDATE_SCREENSHOTS=1 npx vitest run test/browser/scenario` refreshes the README's pictures.
export const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS
  ? path.join(REPO, 'docs', 'screenshots')
  : path.join(REPO, 'test-results', 'screenshots');
export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
export const VIEWPORT = { width: 1366, height: 768 };

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds dist/client when it is missing or older than the client's sources. */
export function ensureClientBuilt(): void {
  const index = path.join(REPO, 'dist', 'client', 'index.html');
  const sources = Math.max(newestMtime(path.join(REPO, 'client')), newestMtime(path.join(REPO, 'shared')));
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  execFileSync('npm', ['run', '--silent', 'build:client'], { cwd: REPO, stdio: 'pipe' });
}

export interface ScenarioServer {
  server: RunningServer;
  dataDir: string;
  dispose(): Promise<void>;
}

export type ScenarioServerOptions = {
  /** the built client to serve (the bench serves an older build beside the current one) */
  clientDir?: string;
  /** settings a test exists to test; none by default, so the product's defaults are what is tested */
  env?: Record<string, string>;
};

/**
 * The server with the product's default network and media settings (HTTP on 0.0.0.0, media on
 * 0.0.0.0 with no announced address: issue 12, where a test listening on 127.0.0.1 hid that the
 * defaults offered browsers the unusable candidate 0.0.0.0). Only what lets tests run beside each
 * other differs: port 0 for HTTP and WebRTC, one worker, a temp data dir.
 */
export async function startScenarioServer(options: ScenarioServerOptions = {}): Promise<ScenarioServer> {
  const clientDir = options.clientDir ?? path.join(REPO, 'dist', 'client');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'hoinghi-browser-'));
  const config = loadConfig({
    HOINGHI_PORT: '0',
    HOINGHI_DATA_DIR: dataDir,
    HOINGHI_SEED_DEMO: 'true',
    HOINGHI_LOG_LEVEL: 'silent',
    // Port 0: the WebRTC server takes a free port, so this can run beside other tests.
    RTC_PORT: '0',
    RTC_WORKERS: '1',
    ...options.env,
  });
  const server = await startServer(config, createLogger(process.env['HOINGHI_TEST_LOG'] ?? 'silent'), {
    printLinks: false,
    presenceGraceMs: 1000,
    clientDir,
  });
  return {
    server,
    dataDir,
    dispose: async () => {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A join link from the admin API, as an organiser would issue it. */
export async function issueLink(server: RunningServer, conferenceId: string, role: string, pointId?: string): Promise<string> {
  const res = await fetch(`${server.url}/api/conferences/${conferenceId}/links`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.serverAdminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ role, ...(pointId ? { pointId } : {}) }),
  });
  const body = (await res.json()) as { link?: { url: string } };
  if (res.status !== 201 || !body.link) throw new Error(`issuing a ${role} link failed: ${res.status} ${JSON.stringify(body)}`);
  return body.link.url;
}

export interface Participant {
  name: string;
  context: BrowserContext;
  page: Page;
  /** console errors and page errors seen, for the assertions at the end */
  errors: string[];
  close(): Promise<void>;
}

/** One participant: its own Chromium process and profile, fake camera and microphone. */
export async function openParticipant(name: string, url: string, extraArgs: string[] = []): Promise<Participant> {
  const profile = mkdtempSync(path.join(tmpdir(), `hoinghi-chromium-${name}-`));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: VIEWPORT,
    locale: 'vi-VN',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      '--autoplay-policy=no-user-gesture-required',
      ...extraArgs,
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  const watch = (p: Page) => {
    p.on('pageerror', (e) => errors.push(`${name}: ${e.message}`));
    p.on('console', (m) => {
      if (m.type() === 'error') errors.push(`${name}: ${m.text()}`);
    });
  };
  watch(page);
  context.on('page', watch);
  await page.goto(url);
  return {
    name,
    context,
    page,
    errors,
    close: async () => {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export async function screenshot(page: Page, file: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, file), fullPage: false });
}

/** Frames a <video> has decoded so far (0 when it has none). */
export async function decodedFrames(page: Page, selector: string): Promise<number> {
  return page.locator(selector).evaluate((el) => {
    const v = el as HTMLVideoElement;
    return v.videoWidth > 0 ? v.getVideoPlaybackQuality().totalVideoFrames : 0;
  });
}
