import { describe, expect, it } from 'vitest';
import { planLayout, visibleTiles, type LayoutInput, type VideoOnOffer } from './layout-plan.js';

const districts = ['tp-ca-mau', 'thoi-binh', 'u-minh', 'tran-van-thoi', 'cai-nuoc', 'dam-doi', 'nam-can', 'phu-tan', 'ngoc-hien'];
const cameras = (ids: string[]): VideoOnOffer[] => ids.map((pointId) => ({ pointId, source: 'camera' as const }));

function input(over: Partial<LayoutInput> = {}, viewer: Partial<LayoutInput['viewer']> = {}): LayoutInput {
  return {
    mode: 'presiding',
    centralPointId: 'ubnd-tinh',
    floorHolders: [],
    spotlight: null,
    videos: cameras(['ubnd-tinh', ...districts]),
    ...over,
    viewer: { pointId: 'u-minh', page: 0, pageSize: 4, ...viewer },
  };
}
const sizeOf = (plan: ReturnType<typeof planLayout>, key: string) => plan.tiles.find((t) => t.key === key);

describe('presiding layout', () => {
  it('shows the central point large at the top layer and paged thumbnails at the lowest', () => {
    const plan = planLayout(input());
    expect(plan.tiles[0]).toMatchObject({ key: 'ubnd-tinh:camera', size: 'large', layer: 2 });
    const thumbs = plan.tiles.filter((t) => t.size === 'thumbnail');
    expect(thumbs.map((t) => t.pointId)).toEqual(['tp-ca-mau', 'thoi-binh', 'tran-van-thoi', 'cai-nuoc']);
    expect(thumbs.every((t) => t.layer === 0)).toBe(true);
    expect(plan.pageCount).toBe(2);
    expect(sizeOf(plan, 'nam-can:camera')).toMatchObject({ size: 'hidden', layer: null, hiddenBecause: 'other-page' });
  });

  it('never gives a receiver its own video back', () => {
    const plan = planLayout(input());
    expect(sizeOf(plan, 'u-minh:camera')).toMatchObject({ size: 'hidden', hiddenBecause: 'self' });
  });

  it('puts the floor holder large beside the central point, and uses the presiding-panel camera and slides', () => {
    const videos: VideoOnOffer[] = [
      { pointId: 'ubnd-tinh', source: 'camera' },
      { pointId: 'ubnd-tinh', source: 'panel' },
      { pointId: 'ubnd-tinh', source: 'screen' },
      ...cameras(districts),
    ];
    const plan = planLayout(input({ videos, floorHolders: ['dam-doi'] }));
    expect(plan.tiles.filter((t) => t.size === 'large').map((t) => t.key)).toEqual(['ubnd-tinh:panel', 'ubnd-tinh:screen', 'dam-doi:camera']);
    // the chair's room camera stays visible as a pinned thumbnail, not paged away
    expect(plan.tiles[3]).toMatchObject({ key: 'ubnd-tinh:camera', size: 'thumbnail', layer: 0 });
  });

  it('shows the second page when asked and clamps a page past the end', () => {
    expect(visibleTiles(planLayout(input({}, { page: 1 }))).map((t) => t.pointId)).toEqual(['ubnd-tinh', 'dam-doi', 'nam-can', 'phu-tan', 'ngoc-hien']);
    expect(planLayout(input({}, { page: 7 })).page).toBe(1);
  });
});

describe('discussion layout', () => {
  it('puts the floor holders first, the central point second', () => {
    const plan = planLayout(input({ mode: 'discussion', floorHolders: ['nam-can', 'cai-nuoc'] }));
    expect(plan.tiles.filter((t) => t.size === 'large').map((t) => t.pointId)).toEqual(['nam-can', 'cai-nuoc', 'ubnd-tinh']);
  });

  it('puts a spotlighted point first', () => {
    const plan = planLayout(input({ mode: 'discussion', floorHolders: ['nam-can'], spotlight: 'phu-tan' }));
    expect(plan.tiles.filter((t) => t.size === 'large').map((t) => t.pointId)).toEqual(['phu-tan', 'nam-can', 'ubnd-tinh']);
  });
});

describe('gallery layout', () => {
  it('treats every point equally and pages them', () => {
    const plan = planLayout(input({ mode: 'gallery', floorHolders: ['nam-can'] }, { pointId: null, pageSize: 9 }));
    expect(plan.pageCount).toBe(2);
    const shown = visibleTiles(plan);
    expect(shown).toHaveLength(9);
    expect(shown.every((t) => t.size === 'grid' && t.layer === 1)).toBe(true);
    expect(sizeOf(plan, 'ngoc-hien:camera')?.size).toBe('hidden');
  });

  it('drops to the lowest layer when many tiles share the screen', () => {
    const plan = planLayout(input({ mode: 'gallery' }, { pageSize: 16 }));
    expect(visibleTiles(plan).every((t) => t.layer === 0)).toBe(true);
  });
});

describe('minimised tiles and bad input', () => {
  it('hides a minimised tile even when it would be large', () => {
    const plan = planLayout(input({}, { minimised: ['ubnd-tinh:camera'] }));
    expect(sizeOf(plan, 'ubnd-tinh:camera')).toMatchObject({ size: 'hidden', hiddenBecause: 'minimised' });
  });

  it('survives an empty conference and a nonsense page size', () => {
    const plan = planLayout(input({ videos: [] }, { pageSize: 0, page: -3 }));
    expect(plan).toEqual({ tiles: [], page: 0, pageCount: 1 });
  });

  it('keeps 100 points affordable: at most the page plus the large tiles are visible', () => {
    const many = Array.from({ length: 100 }, (_, i) => `p${i}`);
    const plan = planLayout(input({ centralPointId: 'p0', videos: cameras(many), floorHolders: ['p42'] }, { pointId: 'p7', pageSize: 8 }));
    expect(visibleTiles(plan)).toHaveLength(2 + 8);
    expect(plan.tiles).toHaveLength(100);
  });
});
