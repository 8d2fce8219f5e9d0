import { io } from 'socket.io-client';
import type { HealthReport } from '../shared/media/health.js';
import { REFUSAL_TEXTS } from './i18n/errors.js';
import { MediaClient, type RemoteTile } from './media/media-client.js';
import { CAMERA_CONSTRAINTS } from './media/publish.js';
import type { SignallingSocket } from './media/signalling.js';
import { tileStats, type TileStats } from './media/tile-stats.js';

/**
 * The pre-flight / loopback check the consoles link to: joins with the point's token (from the
 * link's fragment, #t=…, so it never reaches a server log), sends the camera and microphone through
 * the SFU and shows what comes back: every remote point's video (with `loopback=1`, also its own),
 * and for the chair and clerk the link health of every point. `window.__hoinghiMedia` exposes the
 * same facts to automated checks (frames decoded per tile, paused audio, DTLS state).
 */

const params = new URLSearchParams(location.search);
const hash = new URLSearchParams(location.hash.replace(/^#/, ''));
const token = hash.get('t') ?? params.get('token') ?? '';
const loopback = params.get('loopback') === '1';
const wantSend = params.get('send') !== '0';
const pageSize = Number(params.get('pageSize') ?? 12) || 12;

const statusEl = document.getElementById('status')!;
const tilesEl = document.getElementById('tiles')!;
const healthEl = document.getElementById('health') as HTMLTableElement;

const TEXT = {
  connecting: 'Đang kết nối… / Connecting…',
  connected: 'Đã kết nối hình-tiếng / Media connected',
  recovering: 'Đang kết nối lại hình-tiếng… / Reconnecting media…',
  closed: 'Đã dừng / Stopped',
  idle: 'Chưa bắt đầu / Not started',
  noToken: 'Thiếu mã tham gia trong đường dẫn / the link has no join token',
  noDevice: 'Không mở được camera/micro, chỉ nhận / camera or microphone unavailable, receiving only',
  lost: 'mất tín hiệu / signal lost',
  ok: 'tốt / good',
} as const;

function setStatus(text: string): void {
  statusEl.textContent = text;
}

async function openLocal(): Promise<MediaStream | null> {
  if (!wantSend) return null;
  try {
    return await navigator.mediaDevices.getUserMedia(CAMERA_CONSTRAINTS);
  } catch {
    setStatus(TEXT.noDevice);
    return null;
  }
}

function renderTile(tile: RemoteTile): void {
  let fig = tilesEl.querySelector<HTMLElement>(`figure[data-consumer-id="${tile.consumerId}"]`);
  if (!fig) {
    fig = document.createElement('figure');
    fig.dataset.consumerId = tile.consumerId;
    fig.dataset.pointId = tile.pointId;
    fig.dataset.source = tile.source;
    fig.dataset.kind = tile.kind;
    const media = document.createElement(tile.kind === 'video' ? 'video' : 'audio');
    media.autoplay = true;
    media.setAttribute('playsinline', '');
    if (tile.kind === 'video') (media as HTMLVideoElement).muted = true;
    media.srcObject = new MediaStream([tile.track]);
    const caption = document.createElement('figcaption');
    caption.textContent = `${tile.pointId} · ${tile.source}`;
    fig.append(media, caption);
    tilesEl.append(fig);
    void media.play().catch(() => undefined);
  }
  fig.dataset.paused = String(tile.paused);
}

function renderHealth(report: HealthReport): void {
  healthEl.hidden = false;
  const body = healthEl.tBodies[0]!;
  body.replaceChildren(
    ...report.points.map((p) => {
      const row = document.createElement('tr');
      row.dataset.pointId = p.pointId;
      row.dataset.lost = String(p.lost);
      const kbps = (bps: number) => String(Math.round(bps / 1000));
      for (const cell of [p.pointId, p.lost ? TEXT.lost : TEXT.ok, p.rttMs ?? '–', p.uplinkLossPercent ?? '–', p.downlinkLossPercent ?? '–', kbps(p.sendBitrate), kbps(p.recvBitrate), p.microphoneOpen ? '●' : '○']) {
        const td = document.createElement('td');
        td.textContent = String(cell);
        row.append(td);
      }
      return row;
    }),
  );
}

async function dtlsState(transport: { getStats(): Promise<RTCStatsReport> } | undefined): Promise<string | null> {
  if (!transport) return null;
  let state: string | null = null;
  (await transport.getStats()).forEach((s: { type: string; dtlsState?: string }) => {
    if (s.type === 'transport' && s.dtlsState) state = s.dtlsState;
  });
  return state;
}

/**
 * A refusal as support staff read it: the catalogue's words in both languages, then the code and
 * the facts the server sent (a MediaRequestError's text is `CODE {details}`).
 */
function refusalWords(detail: string): string {
  const code = detail.split(' ', 1)[0] ?? '';
  const words: Partial<Record<string, { vi: string; en: string }>> = REFUSAL_TEXTS;
  const t = words[code];
  return t ? `${t.vi} / ${t.en} — ${detail}` : detail;
}

async function main(): Promise<void> {
  if (!token) {
    setStatus(TEXT.noToken);
    return;
  }
  const local = await openLocal();
  const socket = io({ auth: { token }, transports: ['websocket'] });
  socket.on('connect_error', (err: Error & { data?: { code?: string; message?: string } }) => setStatus(err.data?.code ? refusalWords(err.data.code) : err.message));
  const camera = local?.getVideoTracks()[0];
  const microphone = local?.getAudioTracks()[0];
  const client = new MediaClient(socket as unknown as SignallingSocket, {
    local: { ...(camera ? { camera } : {}), ...(microphone ? { microphone } : {}) },
    view: { page: 0, pageSize, loopback },
  });
  client.on('state', (state, detail) => setStatus(detail && state !== 'connected' ? `${TEXT[state]} (${refusalWords(detail)})` : TEXT[state]));
  client.on('tile', renderTile);
  client.on('tileChanged', renderTile);
  client.on('tileGone', (t) => tilesEl.querySelector(`figure[data-consumer-id="${t.consumerId}"]`)?.remove());
  client.on('health', renderHealth);

  const api = {
    get state() {
      return client.state;
    },
    get recoveries() {
      return client.recoveries;
    },
    get health(): HealthReport | undefined {
      return client.health;
    },
    get plan() {
      return client.plan;
    },
    sending: Boolean(local),
    async stats(): Promise<{ tiles: TileStats[]; send: string | null; recv: string | null }> {
      return { tiles: await tileStats(client.tiles.values()), send: await dtlsState(client.sendTransport), recv: await dtlsState(client.recvTransport) };
    },
    setView: (view: { page: number; pageSize: number; minimised?: string[]; loopback?: boolean }) => client.setView(view),
  };
  (window as unknown as { __hoinghiMedia: typeof api }).__hoinghiMedia = api;
  await client.start();
}

void main();
