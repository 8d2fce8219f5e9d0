import { describe, expect, it } from 'vitest';
import { conferenceFromHash, conferenceLink, consoleFor, opensConferenceList, sendsMedia, tokenFromHash } from './route.js';

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
    expect(consoleFor({ role: 'admin' }, '/join')).toBe('organiser');
    expect(consoleFor({ role: 'admin' }, '/program')).toBe('program');
    expect(consoleFor({ role: 'chair' }, '/program')).toBe('program');
  });

  it('send only point consoles through the pre-flight', () => {
    expect(sendsMedia('point')).toBe(true);
    expect(sendsMedia('chair')).toBe(false);
    expect(sendsMedia('program')).toBe(false);
  });
});

describe('the server-admin link', () => {
  it('opens the conference list without a conference, and a conference with &c=', () => {
    expect(opensConferenceList({ conference: '*' }, undefined)).toBe(true);
    expect(opensConferenceList({ conference: '*' }, 'hn-2026')).toBe(false);
    expect(opensConferenceList({ conference: 'hn-2026' }, undefined)).toBe(false);
    expect(opensConferenceList(null, undefined)).toBe(false);
    expect(conferenceLink('v1.a.b', 'hn 2026')).toBe('/join#t=v1.a.b&c=hn%202026');
    expect(conferenceFromHash('#t=v1.a.b&c=hn%202026')).toBe('hn 2026');
  });
});
