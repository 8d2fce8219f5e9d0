import type { EditList, Rect } from '../../shared/recording/edit-list.js';
import { captionLines, fittedPicture, lowerThirdBand, lowerThirdLine, namePlate, PROGRAM_BACKGROUND } from './lower-third.js';
import type { Piece } from './program-sources.js';

// The program cut drawn by Debian's ffmpeg: the edit list (decided from the log alone) becomes
// one filter_complex over the points' recorded pieces. Each piece is placed on the program's
// timeline by the wall-clock instant its media began; each place a point takes in the edit list
// (full frame, an inset, a grid cell) is one overlay, switched on exactly in that point's shots
// there; the lower third is drawn from the list's captions. The sound is every point's recorded
// microphone mixed (the SFU only forwarded the open ones, so that is what the room heard).
// Pure: the same list and pieces give the same arguments and files, so the render is repeatable.

export type RenderJob = {
  /**
   * ffmpeg's runs, one after the other, with the work folder as current directory: the picture,
   * the sound, then both into the MP4 without re-encoding. Picture and sound are rendered apart
   * because in one filter graph Debian's ffmpeg 5.1 stretched a piece's sound across the gaps
   * of its picture (measured: 32 s of sound in a 20.7 s cut); apart, each keeps its own time.
   */
  steps: string[][];
  /** files the arguments name, relative to the work folder */
  files: { name: string; content: string }[];
};

export type GraphOptions = {
  output: string;
  fontFile: string;
  boldFontFile: string;
  frameRate?: number;
};

const s3 = (ms: number) => (ms / 1000).toFixed(3);

/** A filtergraph `enable` expression true inside any of the half-open windows [from, to). */
function during(windows: readonly [number, number][]): string {
  return windows.map(([a, b]) => `gte(t,${s3(a)})*lt(t,${s3(b)})`).join('+');
}

/**
 * The concat demuxer's list for a piece: its segments one after the other, each lasting until the
 * next one starts on the piece's timeline (ffmpeg's list gives a segment's end as its last
 * packet, a frame short of the next start: summing those would drift a frame per segment). The
 * demuxer starts each file at its first packet, so the first one lasts from the piece's first
 * packet (its lead) to the second's start.
 */
function concatList(piece: Piece): string {
  const q = (f: string) => `'${f.replace(/'/g, "'\\''")}'`;
  const lines = piece.segments.flatMap((s, i) => {
    const next = piece.segments[i + 1];
    const from = s.startS + (i === 0 ? piece.leadS : 0);
    return [`file ${q(s.file)}`, ...(next ? [`duration ${(next.startS - from).toFixed(6)}`] : [])];
  });
  return ['ffconcat version 1.0', ...lines, ''].join('\n');
}

type Place = { rect: Rect; inset: boolean; windows: [number, number][] };

/** For each point, each place it takes in the program and when. */
function placesOf(edl: EditList): Map<string, Map<string, Place>> {
  const out = new Map<string, Map<string, Place>>();
  for (const shot of edl.shots) {
    if (shot.toMs <= shot.fromMs) continue;
    for (const p of shot.pictures) {
      const key = `${p.rect.x},${p.rect.y},${p.rect.w},${p.rect.h}`;
      const places = out.get(p.pointId) ?? new Map<string, Place>();
      out.set(p.pointId, places);
      const place = places.get(key) ?? { rect: p.rect, inset: p.role === 'inset', windows: [] };
      places.set(key, place);
      const last = place.windows[place.windows.length - 1];
      if (last && last[1] === shot.fromMs) last[1] = shot.toMs;
      else place.windows.push([shot.fromMs, shot.toMs]);
    }
  }
  return out;
}

export function programRenderJob(edl: EditList, pieces: readonly Piece[], opts: GraphOptions): RenderJob {
  const fps = opts.frameRate ?? 25;
  const duration = s3(edl.durationMs);
  const files: RenderJob['files'] = [];
  const inputs: string[] = [];
  const sound: string[] = [];
  const soundInputs: string[] = [];
  const graph: string[] = [`color=c=${PROGRAM_BACKGROUND}:s=${edl.width}x${edl.height}:r=${fps}:d=${duration}[base0]`];
  const audio: string[] = [];

  const places = placesOf(edl);
  type Layer = { label: string; rect: Rect; inset: boolean; windows: [number, number][] };
  const layers: Layer[] = [];
  const quiet = ['-hide_banner', '-nostdin', '-y', '-loglevel', 'error'];
  const pieceSteps: string[][] = [];
  pieces.forEach((piece, k) => {
    const list = `piece-${k}.ffconcat`;
    files.push({ name: list, content: concatList(piece) });
    // Where this piece's first packet falls on the program's timeline.
    const offset = s3(piece.mediaStartedAt - edl.startedAt + (piece.segments[0]!.startS + piece.leadS) * 1000);
    const mine = [...(places.get(piece.pointId)?.values() ?? [])];
    if (piece.video && mine.length > 0) {
      // First each piece alone, on the program's timeline at a constant frame rate (its gaps
      // filled by its last frame): composited straight from pieces with gaps, ffmpeg 5.1 showed
      // another point's picture up to two frames late (measured: a flash 80 ms after its beep).
      const input = `piece-${k}.mp4`;
      pieceSteps.push([...quiet, '-f', 'concat', '-safe', '0', '-i', list, '-map', '0:v', '-vf', `setpts=PTS+${offset}/TB,fps=${fps}`, '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '12', '-g', String(fps), input]);
      const index = inputs.length / 2;
      inputs.push('-i', input);
      const outs = mine.map((_p, i) => `[p${k}v${i}]`);
      graph.push(`[${index}:v]${mine.length > 1 ? `split=${mine.length}${outs.join('')}` : `null${outs[0]}`}`);
      mine.forEach((place, i) => {
        const { w, h } = place.rect;
        const label = `[p${k}s${i}]`;
        graph.push(`${outs[i]}${fittedPicture(w, h)}${label}`);
        layers.push({ label, rect: place.rect, inset: place.inset, windows: place.windows });
      });
    }
    if (piece.audio) {
      // Silence before the piece, in its gaps (a microphone the meeting kept closed sends nothing)
      // and after it: every point's sound spans the whole program, so the mix stays aligned.
      soundInputs.push('-f', 'concat', '-safe', '0', '-i', list);
      sound.push(`[${soundInputs.length / 6 - 1}:a]asetpts=PTS+${offset}/TB,aresample=48000:async=1:min_hard_comp=0.005:first_pts=0,aformat=sample_rates=48000:channel_layouts=stereo,apad=whole_dur=${duration},atrim=duration=${duration}[p${k}a]`);
      audio.push(`[p${k}a]`);
    }
  });

  // Full-frame and grid pictures first, insets over them. A piece that ends before its place's
  // last shot (the recorder stops a moment after the logged stop) holds its last frame.
  let base = '[base0]';
  const ordered = [...layers.filter((l) => !l.inset), ...layers.filter((l) => l.inset)];
  ordered.forEach((l, i) => {
    const next = `[base${i + 1}]`;
    graph.push(`${base}${l.label}overlay=x=${l.rect.x}:y=${l.rect.y}:eof_action=repeat:enable='${during(l.windows)}'${next}`);
    base = next;
  });

  // The lower third: a band, the speaker's line, the agenda step's line.
  const captioned: [number, number][] = [];
  const lines = new Map<string, { bold: boolean; windows: [number, number][] }>();
  for (const shot of edl.shots) {
    const { speaker, step } = captionLines(shot.caption);
    if (!speaker && !step) continue;
    captioned.push([shot.fromMs, shot.toMs]);
    if (speaker) add(lines, `1\u0000${speaker}`, true, shot.fromMs, shot.toMs);
    if (step) add(lines, `2\u0000${step}`, false, shot.fromMs, shot.toMs);
  }
  const drawn: string[] = [];
  // A point shown with no recorded picture: its name in its place, not an empty frame.
  const pictured = new Set(pieces.filter((p) => p.video).map((p) => p.pointId));
  [...places].filter(([pointId]) => !pictured.has(pointId)).forEach(([pointId, mine], i) => {
    const name = `plate-${i}.txt`;
    const pointName = edl.pointNames[pointId] ?? pointId;
    files.push({ name, content: pointName });
    for (const place of mine.values()) drawn.push(namePlate(place.rect, pointName, name, opts.boldFontFile, { extra: `enable='${during(place.windows)}'`, fullFrame: place.rect.w >= edl.width && place.rect.h >= edl.height }));
  });
  if (captioned.length > 0) drawn.push(lowerThirdBand(edl.height, { extra: `enable='${during(captioned)}'` }));
  [...lines.entries()].forEach(([key, line], i) => {
    const name = `caption-${i}.txt`;
    files.push({ name, content: key.split('\u0000')[1]! });
    drawn.push(lowerThirdLine(line.bold ? 'speaker' : 'step', edl.height, name, { regular: opts.fontFile, bold: opts.boldFontFile }, `enable='${during(line.windows)}'`));
  });
  graph.push(`${base}${[...drawn, 'format=yuv420p'].join(',')}[vout]`);
  if (audio.length === 0) sound.push(`anullsrc=r=48000:cl=stereo,atrim=duration=${duration}[aout]`);
  else if (audio.length === 1) sound.push(`${audio[0]}anull[aout]`);
  else sound.push(`${audio.join('')}amix=inputs=${audio.length}:duration=longest:normalize=0[aout]`);
  files.push({ name: 'picture.txt', content: `${graph.join(';\n')}\n` });
  files.push({ name: 'sound.txt', content: `${sound.join(';\n')}\n` });

  const picture = [
    ...quiet,
    ...inputs,
    '-filter_complex_script', 'picture.txt',
    '-map', '[vout]',
    '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-pix_fmt', 'yuv420p', '-r', String(fps), '-g', String(fps * 2),
    '-t', duration, 'picture.mp4',
  ];
  const audioRun = [...quiet, ...soundInputs, '-filter_complex_script', 'sound.txt', '-map', '[aout]', '-c:a', 'aac', '-b:a', '128k', '-ar', '48000', '-ac', '2', '-t', duration, 'sound.m4a'];
  const mux = [...quiet, '-i', 'picture.mp4', '-i', 'sound.m4a', '-map', '0:v', '-map', '1:a', '-c', 'copy', '-movflags', '+faststart', opts.output];
  return { steps: [...pieceSteps, picture, audioRun, mux], files };
}

function add(lines: Map<string, { bold: boolean; windows: [number, number][] }>, key: string, bold: boolean, from: number, to: number): void {
  const line = lines.get(key) ?? { bold, windows: [] };
  lines.set(key, line);
  const last = line.windows[line.windows.length - 1];
  if (last && last[1] === from) last[1] = to;
  else line.windows.push([from, to]);
}
