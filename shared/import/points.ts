// Linking the "Điểm cầu" text of an imported row to one of the conference's points. Clerks write
// the same point many ways: "Thới Bình", "THỚI BÌNH", "Thoi Binh", "Điểm cầu huyện Thới Bình",
// "UBND huyện Thới Bình"; "TP Cà Mau" and "Thành phố Cà Mau".
import { caseKey, fold } from './text.js';

export type PointMatch<P> =
  | { ok: true; point: P; how: 'exact' | 'folded' | 'without-prefix' }
  | { ok: false; reason: 'none' | 'ambiguous'; candidates: P[] };

// Folded words that name the kind of place rather than the place; longest first.
const PREFIXES = [
  'diem cau', 'uy ban nhan dan', 'hoi dong nhan dan', 'ubnd', 'hdnd', 'thanh pho', 'thi xa', 'thi tran',
  'huyen', 'quan', 'phuong', 'xa', 'tp', 'tx', 'tt',
];

function withoutPrefixes(folded: string): string {
  let s = folded;
  for (let changed = true; changed; ) {
    changed = false;
    for (const p of PREFIXES) {
      if (s.startsWith(`${p} `)) {
        s = s.slice(p.length + 1);
        changed = true;
      }
    }
  }
  return s;
}

/**
 * Finds the point a file's text names: first NFC and case-insensitive, then also
 * diacritic-insensitive, then ignoring words like "Điểm cầu", "huyện", "UBND", "TP".
 * At each stage a single match wins; two or more is ambiguous (say so rather than guess).
 */
export function matchPointName<P extends { id: unknown; name: string }>(text: string, points: readonly P[]): PointMatch<P> {
  if (caseKey(text) === '') return { ok: false, reason: 'none', candidates: [] };
  const stages: { how: 'exact' | 'folded' | 'without-prefix'; key: (s: string) => string }[] = [
    { how: 'exact', key: caseKey },
    { how: 'folded', key: fold },
    { how: 'without-prefix', key: (s) => withoutPrefixes(fold(s)) },
  ];
  for (const stage of stages) {
    const wanted = stage.key(text);
    if (wanted === '') continue;
    const found = points.filter((p) => stage.key(p.name) === wanted);
    if (found.length === 1) return { ok: true, point: found[0] as P, how: stage.how };
    if (found.length > 1) return { ok: false, reason: 'ambiguous', candidates: found };
  }
  return { ok: false, reason: 'none', candidates: [] };
}
