import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freeUdpPortPair } from '../../server/recording/ports.js';
import { RtmpPusher, retryDelay, type PusherState } from '../../server/live/rtmp-pusher.js';
import { waitFor } from '../media/helpers.js';

// The RTMP push apart from the HLS: a program source writes HLS and, through the tee muxer as the
// live mixer does, MPEG-TS to a loopback UDP port; the pusher copies that to an RTMP receiver (a
// local ffmpeg listening, as a TV station would). The receiver is absent at the start, then
// started; later killed and started again. The push arrives each time, and the HLS playlist's
// media sequence runs on through it all.

const work = mkdtempSync(path.join(os.tmpdir(), 'hoinghi-rtmp-push-'));
const children: ChildProcess[] = [];
let pusher: RtmpPusher | undefined;

afterAll(async () => {
  await pusher?.stop();
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
});

async function freeTcpPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((r) => server.close(r));
  return port;
}

function receiver(url: string, file: string): ChildProcess {
  const child = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-listen', '1', '-i', url, '-c', 'copy', '-f', 'flv', file], { stdio: 'ignore' });
  children.push(child);
  return child;
}

const size = (file: string) => {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
};

function mediaSequence(playlist: string): number | null {
  try {
    const m = /#EXT-X-MEDIA-SEQUENCE:(\d+)/.exec(readFileSync(playlist, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

describe('the RTMP push (issue 16)', () => {
  it('pauses between attempts double up to a cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => retryDelay(n, 1_000, 30_000))).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
  });

  it('retries until the receiver is there, resumes after it drops, and the HLS runs on throughout', async () => {
    const udp = await freeUdpPortPair();
    const hls = path.join(work, 'hls');
    const playlist = path.join(hls, 'index.m3u8');
    await import('node:fs/promises').then((fs) => fs.mkdir(hls, { recursive: true }));
    // The program: a small H.264 + AAC source with the live mixer's two outputs.
    const source = spawn('ffmpeg', [
      '-hide_banner', '-loglevel', 'error', '-re',
      '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=25', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
      '-map', '0:v', '-map', '1:a', '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-pix_fmt', 'yuv420p', '-g', '25', '-keyint_min', '25', '-sc_threshold', '0',
      '-c:a', 'aac', '-b:a', '64k', '-flags', '+global_header',
      '-f', 'tee', `[f=hls:hls_time=1:hls_list_size=2:hls_flags=delete_segments:hls_segment_filename=${hls}/seg-%05d.ts]${playlist}|[f=mpegts:onfail=ignore]udp://127.0.0.1:${udp}?pkt_size=1316`,
    ], { stdio: 'ignore' });
    children.push(source);
    const port = await freeTcpPort();
    const url = `rtmp://127.0.0.1:${port}/live/key`;
    const states: PusherState[] = [];
    pusher = new RtmpPusher({ port: udp, url, firstDelayMs: 500, maxDelayMs: 2_000 });
    pusher.on('state', (s) => states.push(s));
    pusher.start();

    // No receiver yet: the pusher fails and says why, again and again, never pushing.
    await waitFor('two failed attempts', () => states.filter((s) => s.state === 'retrying').length >= 2, 30_000);
    const failed = states.find((s) => s.state === 'retrying');
    expect(failed?.state === 'retrying' && failed.error).toMatch(/refused|Connection|error|Input\/output/i);
    const sequenceBefore = await waitFor('the HLS playlist', () => mediaSequence(playlist) !== null && mediaSequence(playlist)! >= 1 ? mediaSequence(playlist) : null, 40_000);

    // The receiver comes: the next attempt pushes, and the program arrives.
    const first = path.join(work, 'first.flv');
    const r1 = receiver(url, first);
    await waitFor('pushing to the first receiver', () => pusher!.state.state === 'pushing', 30_000);
    await waitFor('the first receiver writing', () => size(first) > 50_000, 30_000);

    // The receiver drops: the pusher retries, and resumes into the receiver started again.
    r1.kill('SIGKILL');
    await waitFor('retrying after the drop', () => pusher!.state.state === 'retrying', 30_000);
    const second = path.join(work, 'second.flv');
    receiver(url, second);
    await waitFor('pushing again', () => pusher!.state.state === 'pushing', 30_000);
    await waitFor('the second receiver writing', () => size(second) > 50_000, 30_000);

    // The HLS went on through both outages: its source never stopped, and its sequence moved on.
    expect(source.exitCode).toBeNull();
    expect(mediaSequence(playlist)!).toBeGreaterThan(sequenceBefore + 3);
    const probe = spawn('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_name', '-of', 'csv=p=0', second]);
    let out = '';
    probe.stdout.on('data', (c: Buffer) => (out += c.toString()));
    await new Promise((r) => probe.once('exit', r));
    expect(out.split('\n').filter(Boolean).sort()).toEqual(['aac', 'h264']);
  }, 150_000);
});
