import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MediaObservation } from '../../server/media/policy.js';
import type { MediaService } from '../../server/media/media-service.js';
import { sleep, startMedia, waitFor } from './helpers.js';
import { syntheticPoint, type SyntheticPoint } from './synthetic-point.js';

// Issue 12 on a real mediasoup worker: the talking indicator comes only from measured audio
// levels. A microphone whose producer exists but carries no level (nothing flows, or ffmpeg's RTP
// without the audio-level header extension) never talks. mediasoup's ActiveSpeakerObserver, used
// before, named the first audio producer "dominant" the moment it was added. The positive side (a
// browser's open microphone talks; muted or held it stops) is test/browser/talking.test.ts.

const CONF = 'talk';
let media: MediaService;
const speakers: (string | null)[] = [];
const points: SyntheticPoint[] = [];

beforeAll(async () => {
  media = await startMedia();
  media.on('observation', (conferenceId: string, o: MediaObservation) => {
    if (conferenceId === CONF && o.type === 'setActiveSpeaker') speakers.push(o.pointId);
  });
}, 30_000);

afterAll(async () => {
  for (const p of points) await p.close();
  media?.close();
});

describe('the talking indicator (issue 12)', () => {
  it('a point whose microphone producer carries no measured audio never talks, nothing flowing or flowing without levels', async () => {
    const silent = await syntheticPoint(media, { conferenceId: CONF, pointId: 'thoi-binh' });
    points.push(silent);
    // Producers made, then the encoder stops: the microphone exists at the SFU, open (no floor
    // control yet), and no packet arrives — the "no media at all" run of the issue.
    await silent.startSending();
    await silent.stopSending();
    const flowing = await syntheticPoint(media, { conferenceId: CONF, pointId: 'u-minh' });
    points.push(flowing);
    await flowing.startSending();
    const producers = () => media.sessionsOf(CONF).flatMap((s) => [...s.producers.values()]).filter((p) => p.kind === 'audio');
    await waitFor('two microphone producers', () => producers().length === 2);
    const mic = producers().find((p) => p.appData.pointId === 'u-minh')!;
    await waitFor('u-minh’s microphone packets arriving', async () => ((await mic.getStats())[0]?.byteCount ?? 0) > 0, 10_000);
    await sleep(3000);
    expect(speakers).toEqual([]);
  }, 60_000);
});
