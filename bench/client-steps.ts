// bench:client's step marks: a watcher installed in the page before its own scripts records, from
// the start of the navigation (opening the link), when each step of a point's join happened. It
// watches what any build does (navigation timing, getUserMedia, the WebSocket's frames, the page's
// <video> elements), not marks of the app's own, so an older build measured beside the current one
// (BENCH_BEFORE_CLIENT_DIR) is timed step by step the same way.

/** The steps, in the order a join usually passes them, with what the report calls them. */
export const JOIN_STEPS = {
  html: 'index.html received',
  scriptsFetched: 'script chunks fetched (last .js response)',
  scripts: 'scripts evaluated (DOMContentLoaded)',
  cameraAsked: 'camera asked (getUserMedia called)',
  cameraOpen: 'camera open (getUserMedia resolved)',
  placed: 'placement answered (GET /api/cluster/placement)',
  socketCreated: 'socket created',
  socketOpen: 'socket open',
  welcome: 'welcome received (token checked, point admitted)',
  capabilities: "router's RTP capabilities received",
  recvTransport: 'receive transport created at the SFU',
  deviceLoaded: 'device loaded (media:consume sent)',
  firstConsumer: 'first video consumer pushed',
  dtls: 'receive transport connecting (media:connect sent)',
  videoResumed: 'first video consumer resumed',
  firstFrame: 'first decoded remote frame (pre-flight or console)',
  joinEnabled: '"join" enabled',
  clicked: '"join" click reached the page',
  consoleFrame: 'first decoded remote frame in the point console',
} as const;

export type JoinStep = keyof typeof JOIN_STEPS;
export type StepMarks = Partial<Record<JoinStep, number>>;

/**
 * Plain JavaScript (a function passed through tsx would carry helpers the page lacks). socket.io
 * frames: `42<id>["name",payload]` a request with ack id, `43<id>[answer]` its answer, `42["name",…]`
 * an event. A request's answer is matched by its ack id.
 */
export const WATCH_JOIN_STEPS = `(() => {
  const marks = (globalThis.__benchSteps = {});
  const mark = (k) => { if (marks[k] === undefined) marks[k] = performance.now(); };
  const md = navigator.mediaDevices;
  if (md && md.getUserMedia) {
    const gum = md.getUserMedia.bind(md);
    md.getUserMedia = (c) => { mark('cameraAsked'); const p = gum(c); p.then(() => mark('cameraOpen'), () => {}); return p; };
  }
  const origFetch = globalThis.fetch;
  globalThis.fetch = (input, init) => {
    const p = origFetch(input, init);
    if (String(input && input.url ? input.url : input).includes('/api/cluster/placement')) p.then(() => mark('placed'), () => {});
    return p;
  };
  const OrigWS = globalThis.WebSocket;
  globalThis.WebSocket = class extends OrigWS {
    constructor(url, protocols) {
      super(url, protocols);
      mark('socketCreated');
      this.addEventListener('open', () => mark('socketOpen'), { once: true });
      const waiting = new Map();
      const send = this.send.bind(this);
      this.send = (d) => {
        const m = /^42(\\d+)\\["(media:[a-zA-Z]+)",(.{0,40})/.exec(String(d));
        if (m) {
          const [, id, name, head] = m;
          if (name === 'media:createTransport' && head.includes('"recv"')) waiting.set(id, 'recvTransport');
          if (name === 'media:capabilities') waiting.set(id, 'capabilities');
          if (name === 'media:consume') mark('deviceLoaded');
          if (name === 'media:connect') mark('dtls');
        }
        send(d);
      };
      this.addEventListener('message', (e) => {
        const s = String(e.data);
        if (s.startsWith('42["welcome"')) mark('welcome');
        else if (s.startsWith('42["media:push",{"type":"newConsumer"') && s.includes('"kind":"video"')) mark('firstConsumer');
        else if (s.startsWith('42["media:push",{"type":"consumerResumed"')) mark('videoResumed');
        const a = /^43(\\d+)\\[/.exec(s);
        if (a && waiting.has(a[1])) { mark(waiting.get(a[1])); waiting.delete(a[1]); }
      });
    }
  };
  new MutationObserver(() => {
    if (marks.joinEnabled === undefined && document.querySelector('[data-testid=preflight-join]:not([disabled])')) mark('joinEnabled');
  }).observe(document, { subtree: true, childList: true, attributes: true });
  document.addEventListener('DOMContentLoaded', () => mark('scripts'));
  document.addEventListener('click', (e) => {
    if (e.target && e.target.closest && e.target.closest('[data-testid=preflight-join]')) mark('clicked');
  }, true);
  const decoded = (v) => !v.closest('.video--self') && v.videoWidth > 0 && v.getVideoPlaybackQuality().totalVideoFrames > 0;
  const watch = setInterval(() => {
    const videos = [...document.querySelectorAll('video')].filter(decoded);
    if (videos.length > 0) mark('firstFrame');
    if (videos.some((v) => v.closest('[data-testid=point-console]'))) { mark('consoleFrame'); clearInterval(watch); }
  }, 5);
})();`;

/** In the page, after the join: the marks, with the navigation's own timing added. */
export function readStepMarks(): StepMarks {
  const marks = (globalThis as unknown as { __benchSteps: StepMarks }).__benchSteps;
  const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
  // (a plain loop: this function runs in the page, where tsx's helpers for named arrows are absent)
  let scriptsFetched: number | undefined;
  for (const r of performance.getEntriesByType('resource') as PerformanceResourceTiming[]) {
    if (/\.js(\?|$)/.test(r.name)) scriptsFetched = Math.max(scriptsFetched ?? 0, r.responseEnd);
  }
  return { ...marks, ...(nav ? { html: nav.responseEnd } : {}), ...(scriptsFetched !== undefined ? { scriptsFetched } : {}) };
}
