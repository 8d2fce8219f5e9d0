import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { chair, inSession, THOI_BINH } from '../../shared/meeting/testkit.js';
import { EventSchema, type MeetingEvent } from '../../shared/protocol/index.js';
import { createLogger } from '../log/logger.js';
import { LiveStreamService } from '../live/live-stream-service.js';
import type { MediaTap } from '../media/media-tap.js';
import { meetingCore, type MeetingRoom } from '../rooms/meetingCore.js';
import { Room } from '../rooms/room.js';
import { StillService } from '../stills/still-service.js';
import { StillFiles } from '../stills/still-files.js';
import { MemoryEventStore } from '../store/memoryEventStore.js';
import type { PointFeed, RecordingMediaEdge } from './media-edge.js';
import { RecordingService } from './recording-service.js';
import { RecordingStorage } from './storage.js';

// Cluster mode (docs/CLUSTER.md): every node follows every conference's log, but only the node
// that writes it (its room is `writable`: it holds the lease) records, mixes the live program and
// takes stills. Here a room that follows the log while a recording and a live stream run: nothing
// is tapped until it is promoted; then the recorder and the live program's mixer run (real
// ffmpegs; the microphone tap sends nothing); demoted, they stop at once.

const logger = createLogger('silent');
const dirs: string[] = [];
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The SFU's side as the record sees it: Thới Bình sends a microphone; every tap asked for is counted. */
class CountingEdge extends EventEmitter implements RecordingMediaEdge {
  taps = 0;
  feedReads = 0;
  pointFeeds(): PointFeed[] {
    this.feedReads += 1;
    return [{ pointId: THOI_BINH, camera: null, microphone: 'mic-thoi-binh' }];
  }
  async openTap(_conferenceId: string, _producerId: string, dest: { ip: string; port: number }): Promise<MediaTap> {
    this.taps += 1;
    let closed = false;
    const listeners: (() => void)[] = [];
    return {
      pointId: THOI_BINH,
      kind: 'audio',
      codec: { mimeType: 'audio/opus', payloadType: 100, clockRate: 48_000, channels: 2, parameters: {} },
      ssrc: 1234,
      port: dest.port,
      get closed() {
        return closed;
      },
      resume: async () => undefined,
      requestKeyFrame: async () => undefined,
      describe: async () => 'a counting tap',
      nudge: async () => undefined,
      onClose: (l) => listeners.push(l),
      close: () => {
        closed = true;
        for (const l of listeners.splice(0)) l();
      },
    };
  }
}

function followerRoom(): MeetingRoom {
  const s = inSession();
  s.do(chair, { type: 'startRecording', id: 'rec-1' });
  const store = new MemoryEventStore<MeetingEvent>({ eventSchema: EventSchema });
  return new Room({ conferenceId: s.state.conference!.id, core: meetingCore, store, state: s.state, seq: 0, writable: false });
}

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'hoinghi-writer-'));
  dirs.push(dir);
  return dir;
}

describe('the record is made by the node that writes the conference', () => {
  it('a follower records nothing of a run the log says goes on; promoted, it records; demoted, its recorder stops', async () => {
    const media = new CountingEdge();
    const root = tempDir();
    const recording = new RecordingService({ media, storage: new RecordingStorage({ root, maxBytes: null, minFreeBytes: 0 }), logger, segmentSeconds: 2 });
    closers.push(() => recording.close());
    const room = followerRoom();
    recording.follow(room);
    media.emit('feeds', room.conferenceId);
    await new Promise((r) => setTimeout(r, 500));
    await recording.settled(room.conferenceId);
    expect(media.taps).toBe(0);
    expect(recording.recorders(room.conferenceId)).toHaveLength(0);

    await room.promote();
    await recording.settled(room.conferenceId);
    expect(media.taps).toBe(1);
    const [recorder] = recording.recorders(room.conferenceId);
    expect(recorder?.pointId).toBe(THOI_BINH);
    expect(recorder?.pid).toBeGreaterThan(0);

    room.demote();
    await recording.settled(room.conferenceId);
    expect(recording.recorders(room.conferenceId)).toHaveLength(0);
    expect(recorder?.pid === undefined || !isRunning(recorder.pid)).toBe(true);
  }, 30_000);

  it('a follower mixes no live program while the log says the live stream runs; promoted, it mixes; demoted, its mixer stops', async () => {
    const media = new CountingEdge();
    const live = new LiveStreamService({ media, dir: tempDir(), rtmpUrl: null, segmentSeconds: 2, logger });
    closers.push(() => live.close());
    const s = inSession();
    s.do(chair, { type: 'startLiveStream', id: 'live-1' });
    const room = new Room({ conferenceId: s.state.conference!.id, core: meetingCore, store: new MemoryEventStore<MeetingEvent>({ eventSchema: EventSchema }), state: s.state, seq: 0, writable: false });
    live.follow(room);
    room.emit('appended', []);
    await live.settled(room.conferenceId);
    expect(live.program(room.conferenceId)).toBeUndefined();
    expect(live.liveConferences()).toEqual([]);
    expect(media.taps).toBe(0);

    await room.promote();
    await live.settled(room.conferenceId);
    const pid = live.program(room.conferenceId)?.pid;
    expect(pid).toBeGreaterThan(0);
    room.demote();
    await live.settled(room.conferenceId);
    expect(live.program(room.conferenceId)).toBeUndefined();
    expect(isRunning(pid!)).toBe(false);
  }, 30_000);

  it('a follower takes no still of a speech start it reads from the log, and refuses one asked of it', async () => {
    const media = new CountingEdge();
    const stills = new StillService({ media, files: new StillFiles(tempDir()), logger, submit: async () => ({ ok: false, code: 'NOT_OWNER', message: '' }) });
    closers.push(() => stills.close());
    const room = followerRoom();
    stills.attach({ list: () => [room], on: () => undefined } as unknown as Parameters<StillService['attach']>[0]);
    room.emit('appended', [{ seq: 1, event: { type: 'floorGranted', speechId: 'sp-1', pointId: THOI_BINH } as unknown as MeetingEvent }]);
    await stills.settled();
    expect(media.taps).toBe(0);
    expect(await stills.take(room, { source: 'point', pointId: THOI_BINH }, { principal: chair, source: 'http', flowKey: 'chair' })).toMatchObject({ ok: false, code: 'STILLS_UNAVAILABLE' });
    expect(media.taps).toBe(0);
  });
});

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
