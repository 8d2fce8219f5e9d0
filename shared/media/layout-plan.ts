import type { LayoutMode } from '../protocol/values.js';

/**
 * The layout plan: which video tile each receiver sees large, as a thumbnail, or not at all, and
 * which simulcast layer it should get. Pure and deterministic, so the server enforces exactly what
 * the browser draws (the server uses it to create, pause, resume and set layers of consumers; the
 * console uses it to place tiles). No mediasoup here.
 *
 * Why these rules (issue 5, "Who sees and hears what"):
 * - presiding: the central point large (its presiding-panel camera when it sends one), the report's
 *   slides large when shared, floor holders large while they speak, every other point a thumbnail;
 * - discussion: floor holders large first, the central point second, thumbnails for the rest;
 * - gallery: every source equal, paged.
 * A spotlighted point (chosen by the chair) is large first in every mode but gallery.
 * Thumbnails take the lowest layer, large tiles the highest (the SFU then steps down on its own when
 * the receiver's bandwidth estimate cannot carry it), tiles off the visible page are hidden: their
 * consumers are paused, so a 100-point conference never costs 100 full streams per receiver.
 */

/** The video a point can send: its room camera; the central point also its presiding-panel camera and a screen share. */
export const VIDEO_SOURCES = ['camera', 'panel', 'screen'] as const;
export type VideoSource = (typeof VIDEO_SOURCES)[number];

export type TileSize = 'large' | 'grid' | 'thumbnail' | 'hidden';
/** Spatial simulcast layer: 0 = 320×180, 1 = 640×360, 2 = 1280×720 for a 720p camera. */
export type SpatialLayer = 0 | 1 | 2;

/** Why a tile is hidden, so a console can say it (and tests can check the reason, not only the fact). */
export type HiddenReason = 'self' | 'minimised' | 'other-page';

export type VideoOnOffer = { pointId: string; source: VideoSource };

export type LayoutInput = {
  mode: LayoutMode;
  centralPointId: string | null;
  /** in the order the floor was granted */
  floorHolders: readonly string[];
  spotlight: string | null;
  /** every video source being sent now, in the meeting's order of points */
  videos: readonly VideoOnOffer[];
  viewer: {
    /** the receiver's own point (its own video is never consumed back); null for a clerk or observer without a room */
    pointId: string | null;
    /** zero-based page of the thumbnail strip (gallery: of the grid) the receiver looks at */
    page: number;
    /** how many paged tiles fit on the receiver's screen */
    pageSize: number;
    /** tiles the receiver minimised, by tile key */
    minimised?: readonly string[];
  };
};

export type Tile = {
  key: string;
  pointId: string;
  source: VideoSource;
  size: TileSize;
  /** the layer to ask for; null when hidden (the consumer is paused, no layer is sent) */
  layer: SpatialLayer | null;
  hiddenBecause?: HiddenReason;
};

export type LayoutPlan = {
  /** large tiles first in their display order, then pinned thumbnails, then the paged tiles */
  tiles: Tile[];
  page: number;
  pageCount: number;
};

export const tileKey = (pointId: string, source: VideoSource): string => `${pointId}:${source}`;

/** Gallery tiles share the screen; up to nine per page still fill 640×360 each on a 1080p display. */
export function gridLayer(pageSize: number): SpatialLayer {
  return pageSize <= 9 ? 1 : 0;
}

type Placement = { video: VideoOnOffer; size: 'large' | 'thumbnail' | 'grid'; paged: boolean };

function centralMain(videos: readonly VideoOnOffer[], central: string | null): VideoOnOffer | undefined {
  if (central === null) return undefined;
  const panel = videos.find((v) => v.pointId === central && v.source === 'panel');
  return panel ?? videos.find((v) => v.pointId === central && v.source === 'camera');
}

function place(input: LayoutInput): Placement[] {
  const { mode, videos, centralPointId: central } = input;
  if (mode === 'gallery') return videos.map((video) => ({ video, size: 'grid', paged: true }));

  const large: VideoOnOffer[] = [];
  const addLarge = (v: VideoOnOffer | undefined) => {
    if (v && !large.includes(v)) large.push(v);
  };
  const cameraOf = (pointId: string | null) => videos.find((v) => v.pointId === pointId && v.source === 'camera');
  const floor = input.floorHolders.filter((p) => p !== central).map(cameraOf);

  if (input.spotlight !== null) addLarge(input.spotlight === central ? centralMain(videos, central) : cameraOf(input.spotlight));
  if (mode === 'presiding') {
    addLarge(centralMain(videos, central));
    addLarge(videos.find((v) => v.pointId === central && v.source === 'screen'));
    floor.forEach(addLarge);
  } else {
    floor.forEach(addLarge);
    addLarge(centralMain(videos, central));
  }

  const rest = videos.filter((v) => !large.includes(v));
  return [
    ...large.map((video) => ({ video, size: 'large' as const, paged: false })),
    // The central point's other sources stay pinned at the head of the strip: every point must
    // always be able to see the chair.
    ...rest.filter((v) => v.pointId === central).map((video) => ({ video, size: 'thumbnail' as const, paged: false })),
    ...rest.filter((v) => v.pointId !== central).map((video) => ({ video, size: 'thumbnail' as const, paged: true })),
  ];
}

export function planLayout(input: LayoutInput): LayoutPlan {
  const { viewer } = input;
  const pageSize = Math.max(1, Math.floor(viewer.pageSize));
  const minimised = new Set(viewer.minimised ?? []);
  const own = (v: VideoOnOffer) => viewer.pointId !== null && v.pointId === viewer.pointId;

  // The receiver's own video takes no place in its pages: it is shown from the local camera.
  const placements = place(input).filter((p) => !own(p.video));
  const paged = placements.filter((p) => p.paged);
  const pageCount = Math.max(1, Math.ceil(paged.length / pageSize));
  const page = Math.min(Math.max(0, Math.floor(viewer.page)), pageCount - 1);
  const onPage = new Set(paged.slice(page * pageSize, (page + 1) * pageSize));

  const tiles: Tile[] = placements.map((p) => {
    const key = tileKey(p.video.pointId, p.video.source);
    const base = { key, pointId: p.video.pointId, source: p.video.source };
    if (minimised.has(key)) return { ...base, size: 'hidden', layer: null, hiddenBecause: 'minimised' };
    if (p.paged && !onPage.has(p)) return { ...base, size: 'hidden', layer: null, hiddenBecause: 'other-page' };
    const layer: SpatialLayer = p.size === 'large' ? 2 : p.size === 'grid' ? gridLayer(pageSize) : 0;
    return { ...base, size: p.size, layer };
  });
  for (const v of input.videos.filter(own)) {
    tiles.push({ key: tileKey(v.pointId, v.source), pointId: v.pointId, source: v.source, size: 'hidden', layer: null, hiddenBecause: 'self' });
  }
  return { tiles, page, pageCount };
}

/** The tiles a receiver should be receiving packets for. */
export function visibleTiles(plan: LayoutPlan): Tile[] {
  return plan.tiles.filter((t) => t.size !== 'hidden');
}
