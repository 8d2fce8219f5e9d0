import { describe, expect, it } from 'vitest';
import { conferenceFromHash, consoleFor, sendsMedia, tokenFromHash } from './route.js';

describe('join links', () => {
  it('read the token from the fragment, never from the query', () => {
    expect(tokenFromHash('#t=v1.abc.def')).toBe('v1.abc.def');
    expect(tokenFromHash('#t=v1.abc.def&c=cm2021')).toBe('v1.abc.def');
    expect(tokenFromHash('')).toBeNull();
    expect(tokenFromHash('#x=1')).toBeNull();
    expect(tokenFromHash(`#t=${'a'.repeat(601)}`)).toBeNull();
    expect(conferenceFromHash('#t=x&c=cm2021')).toBe('cm2021');
  });

  it('land in the console of the role and point', () => {
    expect(consoleFor({ role: 'chair' }, '/join')).toBe('chair');
    expect(consoleFor({ role: 'clerk' }, '/join')).toBe('clerk');
    expect(consoleFor({ role: 'point', pointId: 'tb' }, '/join')).toBe('point');
    expect(consoleFor({ role: 'observer' }, '/join')).toBe('program');
    expect(consoleFor({ role: 'admin' }, '/join')).toBe('program');
    expect(consoleFor({ role: 'chair' }, '/program')).toBe('program');
  });

  it('send only point consoles through the pre-flight', () => {
    expect(sendsMedia('point')).toBe(true);
    expect(sendsMedia('chair')).toBe(false);
    expect(sendsMedia('program')).toBe(false);
  });
});
