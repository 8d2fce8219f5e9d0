import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { VIEWPORT } from './scenario-support.js';

// Debian's firefox-esr driven over WebDriver BiDi (puppeteer-core): district rooms use Firefox as
// well as Chrome, Edge and Cốc Cốc (issue 12). Only what a test machine lacks is set: fake camera
// and microphone, and no permission prompt (what `--use-fake-*` does for Chromium).

export const FIREFOX = process.env['FIREFOX_PATH'] ?? '/usr/bin/firefox-esr';

export interface FirefoxParticipant {
  name: string;
  browser: Browser;
  page: Page;
  /** console errors and page errors seen, for the assertions at the end */
  errors: string[];
  close(): Promise<void>;
}

export async function openFirefox(name: string, url: string): Promise<FirefoxParticipant> {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    defaultViewport: VIEWPORT,
    extraPrefsFirefox: {
      'media.navigator.streams.fake': true,
      'media.navigator.permission.disabled': true,
      'intl.accept_languages': 'vi-VN, vi',
    },
  });
  const page = (await browser.pages())[0] ?? (await browser.newPage());
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`${name}: ${e instanceof Error ? e.message : String(e)}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`${name}: ${m.text()}`);
  });
  await page.goto(url);
  return { name, browser, page, errors, close: () => browser.close().catch(() => undefined) };
}

/**
 * Frames a <video> has presented since we first looked, and its picture's size (0 when it has
 * none). Counted with requestVideoFrameCallback: Firefox leaves getVideoPlaybackQuality() at 0
 * frames for a MediaStream source, though the picture plays.
 */
export async function firefoxVideo(page: Page, selector: string): Promise<{ frames: number; width: number; height: number }> {
  return page
    .$eval(selector, (el) => {
      const v = el as HTMLVideoElement & { __framesSeen?: number };
      if (v.__framesSeen === undefined) {
        v.__framesSeen = 0;
        const tick = () => {
          v.__framesSeen = (v.__framesSeen ?? 0) + 1;
          v.requestVideoFrameCallback(tick);
        };
        v.requestVideoFrameCallback(tick);
      }
      return { frames: v.__framesSeen, width: v.videoWidth, height: v.videoHeight };
    })
    .catch(() => ({ frames: 0, width: 0, height: 0 }));
}
