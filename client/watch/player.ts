import type Hls from 'hls.js';
import hlsUrl from 'hls.js/dist/hls.light.min.mjs?url';

// Plays the live program's HLS in a <video>: the browser's own HLS where it has one (Safari, iOS,
// Android's Chrome), else hls.js (its light build) over Media Source Extensions, loaded only then
// as a file of its own (the consoles never load it). Either way the page gets one callback when playback cannot go on,
// and decides (main.ts) whether the stream ended or is to be joined again.

export type Engine = 'native' | 'hls.js';

export interface Playback {
  readonly engine: Engine;
  /** seconds behind the playlist's live edge, when the engine knows it */
  latency(): number | null;
  stop(): void;
}

export type PlaybackHooks = {
  /** playback cannot go on: a fatal player error (its type and details, for the page's record) */
  onFatal(detail: string): void;
};

const HLS_TYPE = 'application/vnd.apple.mpegurl';

/** hls.js's settings for this stream: 1 s segments, a key frame at each, a window of 8. */
const HLS_CONFIG = {
  // The ESM build has no worker of its own to inject; one 2.5 Mbit/s program demuxes on the main thread.
  enableWorker: false,
  // Start and stay three segments (3 s) behind the live edge: enough for a segment to be late once.
  liveSyncDurationCount: 3,
  // Fallen 8 segments behind (a stall, a background tab): jump back to the live edge rather than
  // ask for segments the server has already deleted from its window of 8.
  liveMaxLatencyDurationCount: 8,
  // Catch up by playing up to 5 % faster instead of drifting behind after a stall.
  maxLiveSyncPlaybackRate: 1.05,
  // A live page keeps little behind the playhead: the program is never rewound here.
  backBufferLength: 10,
  liveDurationInfinity: true,
} as const;

export function nativeHls(video: HTMLVideoElement): boolean {
  return video.canPlayType(HLS_TYPE) !== '';
}

/** Starts playing `url` (the playlist) in `video`; null when this browser cannot play HLS at all. */
export async function startPlayback(video: HTMLVideoElement, url: string, hooks: PlaybackHooks, prefer?: Engine): Promise<Playback | null> {
  if (prefer !== 'hls.js' && nativeHls(video)) return nativePlayback(video, url, hooks);
  // Imported by its address, not bundled: see vite.config.ts watchPage.
  const { default: HlsClass } = (await import(/* @vite-ignore */ hlsUrl)) as { default: typeof Hls };
  if (!HlsClass.isSupported()) return nativeHls(video) ? nativePlayback(video, url, hooks) : null;
  return hlsPlayback(HlsClass, video, url, hooks);
}

function nativePlayback(video: HTMLVideoElement, url: string, hooks: PlaybackHooks): Playback {
  const onError = () => hooks.onFatal(`native/${video.error?.code ?? '?'} ${video.error?.message ?? ''}`.trim());
  video.addEventListener('error', onError);
  video.src = url;
  void video.play().catch(() => undefined);
  return {
    engine: 'native',
    latency: () => {
      const end = video.seekable.length > 0 ? video.seekable.end(video.seekable.length - 1) : NaN;
      return Number.isFinite(end) ? Math.max(0, end - video.currentTime) : null;
    },
    stop: () => {
      video.removeEventListener('error', onError);
      video.removeAttribute('src');
      video.load();
    },
  };
}

function hlsPlayback(HlsClass: typeof Hls, video: HTMLVideoElement, url: string, hooks: PlaybackHooks): Playback {
  const hls = new HlsClass(HLS_CONFIG);
  let stopped = false;
  let recovered = false;
  hls.on(HlsClass.Events.ERROR, (_event, data) => {
    if (!data.fatal || stopped) return;
    // A media error (a decoder hiccup) is recovered in place once; anything else ends this playback.
    if (data.type === HlsClass.ErrorTypes.MEDIA_ERROR && !recovered) {
      recovered = true;
      hls.recoverMediaError();
      return;
    }
    hooks.onFatal(`hls.js/${data.type}/${data.details}`);
  });
  hls.on(HlsClass.Events.MANIFEST_PARSED, () => void video.play().catch(() => undefined));
  hls.loadSource(url);
  hls.attachMedia(video);
  return {
    engine: 'hls.js',
    latency: () => (Number.isFinite(hls.latency) ? hls.latency : null),
    stop: () => {
      stopped = true;
      hls.destroy();
      video.removeAttribute('src');
      video.load();
    },
  };
}
