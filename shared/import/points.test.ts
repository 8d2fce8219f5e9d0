import { describe, expect, it } from 'vitest';
import { matchPointName } from './index.js';

const POINTS = [
  { id: 'p0', name: 'Điểm cầu trung tâm UBND tỉnh' },
  { id: 'p1', name: 'TP Cà Mau' },
  { id: 'p2', name: 'Thới Bình' },
  { id: 'p3', name: 'U Minh' },
  { id: 'p4', name: 'Trần Văn Thời' },
  { id: 'p5', name: 'Cái Nước' },
  { id: 'p6', name: 'Đầm Dơi' },
  { id: 'p7', name: 'Năm Căn' },
  { id: 'p8', name: 'Phú Tân' },
  { id: 'p9', name: 'Ngọc Hiển' },
];

describe('matchPointName', () => {
  it.each([
    ['Thới Bình', 'p2', 'exact'],
    ['THỚI BÌNH', 'p2', 'exact'],
    ['Tho\u031B\u0301i Bi\u0300nh', 'p2', 'exact'],
    ['  thới   bình ', 'p2', 'exact'],
    ['Thoi Binh', 'p2', 'folded'],
    ['dam doi', 'p6', 'folded'],
    ['Điểm cầu huyện Thới Bình', 'p2', 'without-prefix'],
    ['UBND huyện Đầm Dơi', 'p6', 'without-prefix'],
    ['Thành phố Cà Mau', 'p1', 'without-prefix'],
    ['Huyện Trần Văn Thời', 'p4', 'without-prefix'],
    ['điểm cầu trung tâm ubnd tỉnh', 'p0', 'exact'],
  ])('matches %j to %s (%s)', (text, id, how) => {
    const m = matchPointName(text, POINTS);
    expect(m).toEqual({ ok: true, point: POINTS.find((p) => p.id === id), how });
  });

  it('finds nothing for an unknown or empty point', () => {
    expect(matchPointName('Huyện Vĩnh Lợi', POINTS)).toEqual({ ok: false, reason: 'none', candidates: [] });
    expect(matchPointName('  ', POINTS)).toEqual({ ok: false, reason: 'none', candidates: [] });
  });

  it('prefers the exact spelling, and says so when only an accent-blind match is ambiguous', () => {
    const points = [
      { id: 'a', name: 'Tân Thành' },
      { id: 'b', name: 'Tấn Thành' },
    ];
    expect(matchPointName('tấn thành', points)).toMatchObject({ ok: true, point: { id: 'b' }, how: 'exact' });
    expect(matchPointName('Tan Thanh', points)).toEqual({ ok: false, reason: 'ambiguous', candidates: points });
  });
});
