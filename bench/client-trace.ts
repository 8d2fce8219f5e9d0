// bench:client's diagnosis: where one point's join goes, milestone by milestone, in a fresh
// Chromium with a cold cache (same server, browser and helpers as bench/client.ts). It records,
// from the start of the navigation: the resources fetched (resource timing), getUserMedia and
// enumerateDevices calls, socket.io's first message, the pre-flight's first render and its "join"
// becoming enabled, the click, and the first decoded remote frame. BENCH_JOINS: joins (default 3).
// BENCH_PAGE_PROF=<dir>: the page's own CPU profile (V8, through the DevTools protocol) from opening
// the link to the first remote frame, one .cpuprofile per join, for `npm run bench:profile`.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { CA_MAU_2021_CENTRAL_POINT_ID as CENTRAL, CA_MAU_2021_CONFERENCE_ID as CONF, CA_MAU_2021_DISTRICTS } from '../shared/demo/caMau2021.js';
import { ensureClientBuilt, issueLink, openParticipant, startScenarioServer } from '../test/browser/scenario-support.js';
import { fmt, table } from './lib/stats.js';

const JOINS = Number(process.env['BENCH_JOINS'] ?? 3);
const PAGE_PROF = process.env['BENCH_PAGE_PROF'];

/** Runs in the page before its scripts: wraps the calls whose timing we want, watches the DOM. */
function instrument(): void {
  const marks: { at: number; what: string; ms?: number }[] = [];
  (globalThis as { __marks?: typeof marks }).__marks = marks;
  const mark = (what: string, t0?: number) => marks.push({ at: performance.now(), what, ...(t0 !== undefined ? { ms: performance.now() - t0 } : {}) });
  const md = navigator.mediaDevices;
  for (const name of ['getUserMedia', 'enumerateDevices'] as const) {
    const orig = md[name].bind(md) as (...a: unknown[]) => Promise<unknown>;
    (md as unknown as Record<string, unknown>)[name] = async (...a: unknown[]) => {
      const t0 = performance.now();
      mark(`${name} called`);
      const r = await orig(...a);
      mark(`${name} resolved`, t0);
      return r;
    };
  }
  const OrigWS = WebSocket;
  (globalThis as unknown as { WebSocket: unknown }).WebSocket = class extends OrigWS {
    constructor(url: string | URL, p?: string | string[]) {
      super(url, p);
      const t0 = performance.now();
      mark('websocket created');
      this.addEventListener('open', () => mark('websocket open', t0), { once: true });
      let n = 0;
      this.addEventListener('message', (e) => {
        n++;
        if (n <= 4 || /^43/.test(String(e.data)) || /newConsumer/.test(String(e.data))) mark(`ws in ${n} (${String(e.data).slice(0, 40)})`);
      });
      const send = this.send.bind(this);
      this.send = (d) => {
        if (/^42\d*\["media/.test(String(d))) mark(`ws out (${String(d).slice(0, 40)})`);
        send(d);
      };
    }
  };
  const seen = new Set<string>();
  new MutationObserver(() => {
    for (const [sel, what] of [
      ['[data-testid=joining]', 'joining screen shown'],
      ['[data-testid=preflight]', 'pre-flight shown'],
      ['[data-testid=preflight-join]:not([disabled])', 'join enabled'],
      ['[data-testid=point-console]', 'point console shown'],
    ] as const) {
      if (!seen.has(sel) && document.querySelector(sel)) {
        seen.add(sel);
        mark(what);
      }
    }
  }).observe(document, { subtree: true, childList: true, attributes: true });
  document.addEventListener('DOMContentLoaded', () => mark('DOMContentLoaded'));
  document.addEventListener('click', (e) => {
    if ((e.target as Element | null)?.closest?.('[data-testid=preflight-join]')) mark('join click reached the page');
  }, true);
}

async function firstRemoteFrame(page: Page): Promise<number> {
  const h = await page.waitForFunction(() => {
    const videos = [...document.querySelectorAll<HTMLVideoElement>('[data-testid=point-console] video')].filter((v) => !v.closest('.video--self'));
    return videos.some((v) => v.videoWidth > 0 && v.getVideoPlaybackQuality().totalVideoFrames > 0) ? performance.now() : 0;
  }, undefined, { polling: 10, timeout: 30_000 });
  return (await h.jsonValue()) as number;
}

async function main(): Promise<void> {
  ensureClientBuilt();
  const env = await startScenarioServer();
  const central = await openParticipant('trace-central', await issueLink(env.server, CONF, 'point', CENTRAL));
  try {
    await central.page.locator('[data-testid=preflight-join]').click({ timeout: 30_000 });
    await central.page.locator('[data-testid=point-console]').waitFor({ timeout: 30_000 });
    for (let i = -1; i < JOINS; i++) {
      const pointId = CA_MAU_2021_DISTRICTS[(i + 1) % CA_MAU_2021_DISTRICTS.length]!.id;
      const link = await issueLink(env.server, CONF, 'point', pointId);
      const p = await openParticipant(`trace-${i}`, 'about:blank');
      try {
        // tsx names functions with a __name helper the page does not have
        await p.context.addInitScript({ content: 'globalThis.__name = (f) => f;' });
        await p.context.addInitScript(instrument);
        const cdp = PAGE_PROF ? await p.context.newCDPSession(p.page) : null;
        if (cdp) {
          await cdp.send('Profiler.enable');
          await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
          await cdp.send('Profiler.start');
        }
        await p.page.goto(link);
        await p.page.locator('[data-testid=preflight-join]').click({ timeout: 30_000 });
        const clicked = await p.page.evaluate(() => performance.now());
        const frame = await firstRemoteFrame(p.page);
        if (i < 0) continue; // warm-up: the server's first-use costs are not a point's
        if (cdp && PAGE_PROF) {
          const { profile } = await cdp.send('Profiler.stop');
          mkdirSync(PAGE_PROF, { recursive: true });
          writeFileSync(path.join(PAGE_PROF, `join-${i + 1}.cpuprofile`), JSON.stringify(profile));
        }
        const marks = await p.page.evaluate(() => (globalThis as unknown as { __marks: { at: number; what: string; ms?: number }[] }).__marks);
        const res = await p.page.evaluate(() =>
          performance.getEntriesByType('resource').map((e) => {
            const r = e as PerformanceResourceTiming;
            return { at: r.startTime, what: `fetch ${r.name.replace(location.origin, '').slice(0, 60)} (${r.initiatorType})`, ms: r.responseEnd - r.startTime };
          }),
        );
        const nav = await p.page.evaluate(() => {
          const n = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
          return [{ at: n.responseEnd, what: 'index.html received' }, { at: n.domContentLoadedEventEnd, what: 'DOMContentLoaded end' }];
        });
        type Row = { at: number; what: string; ms?: number };
        const rows: Row[] = [...marks, ...res, ...nav, { at: clicked, what: 'join click returned (bench)' }, { at: frame, what: 'first remote frame' }].sort((a, b) => a.at - b.at);
        process.stdout.write(`\njoin ${i + 1} (${pointId})\n` + table(['at (ms)', 'what', 'took (ms)'], rows.map((r) => [fmt(r.at, 0), r.what, r.ms !== undefined ? fmt(r.ms, 0) : ''])) + '\n');
      } finally {
        await p.close();
      }
    }
  } finally {
    await central.close();
    await env.dispose();
  }
}

await main();
