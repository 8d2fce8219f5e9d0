// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import type { MeetingEvent } from '../../../shared/protocol/index.js';
import { useMeeting } from '../session.js';
import { choose, click, mount, type, type Harness } from '../testing/harness.js';
import { SETUP } from '../testing/events.js';
import { WalkInForm } from '../clerk/WalkInForm.js';
import { OrganisationsSection } from './OrganisationsSection.js';

// Organisations per point (R-SETUP-9) in the organiser's console, and what the clerk's walk-in
// form makes of them.

let h: Harness | undefined;
afterEach(() => {
  h?.unmount();
  h = undefined;
});

const admin = { role: 'admin' as const };
const Organisations = () => <OrganisationsSection state={useMeeting()} />;
const WalkIn = () => <WalkInForm state={useMeeting()} />;

describe('organisations per point', () => {
  it('lists each organisation with its point and how many are invited; placing one sends updateOrganisation', async () => {
    h = await mount(SETUP, admin, () => <Organisations />);
    const rows = [...h.container.querySelectorAll('tr[data-organisation-id]')];
    expect(rows.map((r) => [r.getAttribute('data-organisation-id'), r.querySelector<HTMLSelectElement>('select[name=organisation-point]')?.value, r.querySelector('td.num')?.textContent])).toEqual([
      ['ub-tb', '', '2'],
      ['ub-um', '', '1'],
    ]);
    await choose(rows[0]!.querySelector('select[name=organisation-point]'), 'tb');
    expect(h.sent).toEqual([{ type: 'updateOrganisation', organisationId: 'ub-tb', pointId: 'tb' }]);
  });

  it('adds an organisation at a chosen point', async () => {
    h = await mount(SETUP, admin, () => <Organisations />);
    const row = h.container.querySelector('[data-testid=new-organisation]')!;
    await type(row.querySelector('input[name=new-organisation-name]'), 'Phòng Nội vụ huyện U Minh');
    await choose(row.querySelector('select[name=organisation-point]'), 'um');
    await click(h.container.querySelector('[data-testid=add-organisation]'));
    expect(h.sent).toEqual([{ type: 'addOrganisation', name: 'Phòng Nội vụ huyện U Minh', pointId: 'um' }]);
  });

  it('the walk-in form offers the chosen point’s own organisations first', async () => {
    const placed: MeetingEvent[] = [...SETUP, { type: 'organisationAdded', at: 4, by: admin, organisationId: 'so-yt', name: 'Sở Y tế', pointId: 'c' }];
    h = await mount(placed, { role: 'clerk' }, () => <WalkIn />);
    const groups = () => [...h!.container.querySelectorAll('[data-testid=walkin-organisation] optgroup')].map((g) => [g.getAttribute('label'), [...g.querySelectorAll('option')].map((o) => o.value)]);
    // the central point: the organisation placed there, then the others
    expect(groups()).toEqual([
      ['Của điểm cầu này', ['so-yt']],
      ['Cơ quan khác', ['ub-tb', 'ub-um']],
    ]);
    await choose(h.container.querySelector('select'), 'tb');
    expect(groups()).toEqual([
      ['Của điểm cầu này', ['ub-tb']],
      ['Cơ quan khác', ['ub-um', 'so-yt']],
    ]);
  });
});
