import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { useT } from '../../i18n/index.js';
import { LanguageSwitch } from '../common/LanguageSwitch.js';
import { VideoTile } from '../common/VideoTile.js';
import {
  deviceProblem,
  environmentProblem,
  levelOf,
  loadDeviceChoice,
  measureRoundTrips,
  networkVerdict,
  preflightReport,
  type PreflightReport,
  saveDeviceChoice,
  type DeviceChoice,
  type DeviceProblem,
  type NetworkVerdict,
} from './checks.js';
import { deviceConstraints, takeEarlyDevices } from './earlyDevices.js';

// Before a room sends media: choose camera and microphone with a live preview and level meter,
// check the link to the server, and say plainly when the browser blocks the devices or the page
// is not a secure context. Joining without devices stays possible (the room still sees and hears).

export interface PreFlightResult {
  choice: DeviceChoice;
  /** the stream the pre-flight opened, handed on so the media layer need not ask again */
  stream: MediaStream | null;
  /** what the checks found, for the organiser's line test */
  report: PreflightReport;
}

/**
 * `ready`: the server has welcomed this console. The pre-flight is shown (and the camera opened)
 * while the socket still connects; "join" waits for the welcome. `program`: what the point will
 * see once it joins, already playing (its sound comes with "join"), beside the point's own picture.
 */
export function PreFlight({ onJoin, pointName, ready = true, program }: { onJoin: (r: PreFlightResult) => void; pointName: string; ready?: boolean; program?: ComponentChildren }) {
  const t = useT();
  const envProblem = environmentProblem({
    isSecureContext: window.isSecureContext,
    hasGetUserMedia: typeof navigator.mediaDevices?.getUserMedia === 'function',
  });
  const [choice, setChoice] = useState<DeviceChoice>(loadDeviceChoice);
  const [devices, setDevices] = useState<MediaDeviceInfo[]>([]);
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [problem, setProblem] = useState<{ kind: DeviceProblem; message: string } | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [net, setNet] = useState<{ rttMs: number; verdict: NetworkVerdict } | 'checking' | 'failed'>('checking');
  const streamRef = useRef<MediaStream | null>(null);
  const handedOver = useRef(false);

  // Open the chosen devices (again when the choice changes or on "try again"). A layout effect:
  // opening a camera takes a few hundred ms, so it starts as soon as the screen is built, not
  // after the next frame is painted.
  useLayoutEffect(() => {
    if (envProblem) return;
    let cancelled = false;
    const open = async () => {
      try {
        // The request main.tsx started while the app loaded, if it was for these devices.
        const s = await (takeEarlyDevices(choice) ?? navigator.mediaDevices.getUserMedia(deviceConstraints(choice)));
        if (cancelled) return s.getTracks().forEach((tr) => tr.stop());
        streamRef.current?.getTracks().forEach((tr) => tr.stop());
        streamRef.current = s;
        setStream(s);
        setProblem(null);
        // Labels are only readable once permission is granted, hence enumerate after.
        setDevices(await navigator.mediaDevices.enumerateDevices());
      } catch (e) {
        if (!cancelled) setProblem({ kind: deviceProblem(e), message: e instanceof Error ? e.message : String(e) });
      }
    };
    void open();
    return () => {
      cancelled = true;
    };
  }, [choice.cameraId, choice.microphoneId, attempt]);

  // Stop the devices if the screen goes away without joining.
  useEffect(() => () => {
    if (!handedOver.current) streamRef.current?.getTracks().forEach((tr) => tr.stop());
  }, []);

  useEffect(() => {
    let cancelled = false;
    setNet('checking');
    void measureRoundTrips(`${location.origin}/`, 5).then((trips) => {
      if (cancelled) return;
      const v = networkVerdict(trips);
      setNet(v ?? 'failed');
    });
    return () => {
      cancelled = true;
    };
  }, [attempt]);

  const cameras = devices.filter((d) => d.kind === 'videoinput');
  const mics = devices.filter((d) => d.kind === 'audioinput');
  // Until the operator chooses, the selects show the devices the browser actually opened.
  const activeCamera = choice.cameraId ?? stream?.getVideoTracks()[0]?.getSettings().deviceId ?? '';
  const activeMic = choice.microphoneId ?? stream?.getAudioTracks()[0]?.getSettings().deviceId ?? '';
  const update = (patch: Partial<DeviceChoice>) => {
    const next = { ...choice, ...patch };
    setChoice(next);
    saveDeviceChoice(next);
  };
  const join = (withDevices: boolean) => {
    if (!ready) return;
    handedOver.current = withDevices;
    if (!withDevices) streamRef.current?.getTracks().forEach((tr) => tr.stop());
    const report = preflightReport({ camera: (stream?.getVideoTracks().length ?? 0) > 0, microphone: (stream?.getAudioTracks().length ?? 0) > 0, problem: problem?.kind ?? (envProblem ? 'other' : null), network: net });
    onJoin({ choice, stream: withDevices ? stream : null, report });
  };
  const problemText = envProblem
    ? t.preflight[envProblem]
    : problem
      ? problem.kind === 'other'
        ? t.preflight.otherError(problem.message)
        : t.preflight[problem.kind]
      : null;

  return (
    <div class="preflight" data-testid="preflight">
      <header class="preflight__head">
        <h1>{t.preflight.title}</h1>
        <span class="preflight__point">{pointName}</span>
        <LanguageSwitch />
      </header>
      {problemText && (
        <p class="banner banner--bad" role="alert" data-testid="preflight-problem">
          {problemText}
        </p>
      )}
      <div class="preflight__body">
        <div class="preflight__preview">
          <VideoTile stream={stream} label={t.preflight.preview} self />
          <LevelMeter stream={stream} />
        </div>
        <div class="preflight__side">
          {program && (
            <section class="preflight__program" aria-labelledby="preflight-program-title">
              <h2 id="preflight-program-title" class="panel__title">
                {t.preflight.programTitle}
              </h2>
              {program}
              <p class="hint">{t.preflight.programHint}</p>
            </section>
          )}
          <form class="form preflight__form" onSubmit={(e) => (e.preventDefault(), join(true))}>
            <label>
              {t.preflight.camera}
              <select name="camera" value={activeCamera} onChange={(e) => update({ cameraId: e.currentTarget.value || null })} disabled={cameras.length === 0}>
                {cameras.map((d, i) => (
                  <option key={d.deviceId} value={d.deviceId}>
                    {d.label || t.preflight.deviceLabel(t.preflight.camera, i + 1)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t.preflight.microphone}
              <select name="microphone" value={activeMic} onChange={(e) => update({ microphoneId: e.currentTarget.value || null })} disabled={mics.length === 0}>
                {mics.map((d, i) => (
                  <option key={d.deviceId} value={d.deviceId}>
                    {d.label || t.preflight.deviceLabel(t.preflight.microphone, i + 1)}
                  </option>
                ))}
              </select>
            </label>
            <p class="preflight__net" data-testid="preflight-network" role="status">
              {t.preflight.network}:{' '}
              {net === 'checking' ? t.preflight.networkChecking : net === 'failed' ? t.preflight.networkFailed : t.preflight.networkResult(net.rttMs, t.preflight.verdict[net.verdict])}
            </p>
            <div class="form__row">
              <button type="submit" class="btn btn--primary btn--big" disabled={!stream || !ready} data-testid="preflight-join">
                {t.preflight.join}
              </button>
              <button type="button" class="btn" onClick={() => join(false)} disabled={!ready} data-testid="preflight-join-without">
                {t.preflight.joinWithoutDevices}
              </button>
              {(problem || net === 'failed') && (
                <button type="button" class="btn" onClick={() => setAttempt(attempt + 1)}>
                  {t.preflight.retry}
                </button>
              )}
            </div>
          </form>
        </div>
      </div>
    </div>
  );
}

/** The microphone's loudness, live, from an AnalyserNode. */
function LevelMeter({ stream }: { stream: MediaStream | null }) {
  const t = useT();
  const [level, setLevel] = useState(0);
  useEffect(() => {
    if (!stream || stream.getAudioTracks().length === 0) return;
    const ctx = new AudioContext();
    const analyser = ctx.createAnalyser();
    analyser.fftSize = 1024;
    const source = ctx.createMediaStreamSource(stream);
    source.connect(analyser);
    const buf = new Float32Array(analyser.fftSize);
    let raf = 0;
    const tick = () => {
      analyser.getFloatTimeDomainData(buf);
      // Whole percent steps: the bar is redrawn when what it shows changes, not every frame.
      setLevel(Math.round(levelOf(buf) * 100) / 100);
      raf = requestAnimationFrame(tick);
    };
    tick();
    return () => {
      cancelAnimationFrame(raf);
      source.disconnect();
      void ctx.close();
    };
  }, [stream]);
  const pct = Math.round(level * 100);
  return (
    <div class="meter">
      <span class="meter__label">{t.preflight.level}</span>
      <div class="meter__bar" role="meter" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} aria-label={t.preflight.level} data-testid="level-meter">
        <div class="meter__fill" style={{ width: `${pct}%` }} />
      </div>
      <span class="hint">{t.preflight.speakNow}</span>
    </div>
  );
}
