import { describe, expect, it } from 'vitest';
import { hintsPreflight, joinHintFromToken } from './joinHint.js';

const b64url = (s: string) => Buffer.from(s, 'utf8').toString('base64url');
const token = (payload: unknown) => `v1.${b64url(JSON.stringify(payload))}.c2lnbmF0dXJl`;

describe('join hint from the link', () => {
  it('reads the role and point of a point link (Vietnamese ids included)', () => {
    const hint = joinHintFromToken(token({ c: 'ca-mau-2021', r: 'point', p: 'cm-u-minh', l: 'l1', x: 2e9 }));
    expect(hint).toEqual({ role: 'point', pointId: 'cm-u-minh', conference: 'ca-mau-2021' });
    expect(hintsPreflight(hint, '/join')).toBe(true);
    expect(hintsPreflight(hint, '/program')).toBe(false);
  });

  it('a chair link has no point and no pre-flight', () => {
    const hint = joinHintFromToken(token({ c: 'ca-mau-2021', r: 'chair', l: 'l2', x: 2e9 }));
    expect(hint).toEqual({ role: 'chair', pointId: null, conference: 'ca-mau-2021' });
    expect(hintsPreflight(hint, '/')).toBe(false);
  });

  it('the server-admin link is for every conference (it opens the conference list)', () => {
    const hint = joinHintFromToken(token({ c: '*', r: 'admin', l: 'server-admin', x: 2e9 }));
    expect(hint).toEqual({ role: 'admin', pointId: null, conference: '*' });
  });

  it('junk is no hint, never an exception', () => {
    for (const t of ['', 'abc', 'v2.e30.x', 'v1.!!!.x', `v1.${b64url('not json')}.x`, token({ r: 5 }), token(null), token(['point']), token({ r: 'point', p: 7 }), token({ r: 'point', p: 'x'.repeat(129) }), token({ r: 'x'.repeat(33) }), token({ r: 'point', c: null })]) {
      expect(joinHintFromToken(t)).toBeNull();
    }
    expect(hintsPreflight(null, '/')).toBe(false);
  });
});
