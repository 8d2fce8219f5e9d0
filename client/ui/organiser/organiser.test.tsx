// @vitest-environment happy-dom
import { act as run } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import type { MeetingEvent } from '../../../shared/protocol/index.js';
import { useMeeting } from '../session.js';
import { buttons, choose, click, mount, submit, type, type Harness } from '../testing/harness.js';
import { SETUP } from '../testing/events.js';
import { AgendaSection } from './AgendaSection.js';
import { DetailsSection } from './DetailsSection.js';
import { OrganiserConsole } from './OrganiserConsole.js';
import { PanelSection } from './PanelSection.js';
import { PointsSection } from './PointsSection.js';

// The organiser's editors wired to a real replica: what each control sends to the core, and the
// core's refusal shown beside the edit in Vietnamese.

let h: Harness | undefined;
afterEach(() => {
  h?.unmount();
  h = undefined;
});

const admin = { role: 'admin' as const };
const BLANK: MeetingEvent[] = [
  { type: 'conferenceCreated', at: 0, by: admin, conferenceId: 'cm', title: 'Hội nghị giao ban tháng 12', date: '2026-12-20', startTime: '08:00', organiser: 'UBND tỉnh Cà Mau', venue: 'Hội trường UBND tỉnh' },
];

const Points = () => <PointsSection state={useMeeting()} />;
const Panel = () => <PanelSection state={useMeeting()} />;
const Agenda = () => <AgendaSection state={useMeeting()} />;
const Details = () => <DetailsSection state={useMeeting()} />;

describe('connection points', () => {
  it('adds a pasted list in one command, in order, the first line as the central point, numbering and blank lines dropped', async () => {
    h = await mount(BLANK, admin, () => <Points />);
    await type(h.container.querySelector('textarea[name=point-names]'), '1. UBND tỉnh Cà Mau\n\n2. Huyện Thới Bình\n3) Huyện U Minh\n');
    expect(buttons(h.container, 'Thêm 3 điểm cầu')).toHaveLength(1);
    await submit(h.container.querySelector('[data-testid=points-bulk]'));
    await settle();
    expect(h.sent).toEqual([
      {
        type: 'addPoints',
        points: [
          { name: 'UBND tỉnh Cà Mau', kind: 'central' },
          { name: 'Huyện Thới Bình', kind: 'district' },
          { name: 'Huyện U Minh', kind: 'district' },
        ],
      },
    ]);
    expect(h.container.querySelector('[data-testid=points-bulk-result]')?.textContent).toContain('Đã thêm 3 điểm cầu.');
    expect((h.container.querySelector('textarea[name=point-names]') as HTMLTextAreaElement).value).toBe('');
  });

  it('adds a hundred communes as easily as three: one paste, one click, one command', async () => {
    h = await mount(SETUP, admin, () => <Points />);
    const communes = Array.from({ length: 100 }, (_, i) => `Xã số ${i + 1}`);
    await type(h.container.querySelector('textarea[name=point-names]'), communes.join('\r\n'));
    await choose(h.container.querySelector('select[name=point-kind]'), 'commune');
    await click(buttons(h.container, 'Thêm 100 điểm cầu')[0]);
    await settle();
    expect(h.sent).toHaveLength(1);
    expect(h.sent[0]).toEqual({ type: 'addPoints', points: communes.map((name) => ({ name, kind: 'commune' })) });
  });

  it('keeps a refused list in the box, with the core’s reason and the names it refused', async () => {
    h = await mount(SETUP, admin, () => <Points />, () => ({ ok: false, code: 'DUPLICATE_NAME', message: 'The name is already used. (Huyện U Minh)' }));
    await type(h.container.querySelector('textarea[name=point-names]'), 'Xã Khánh An\nHuyện U Minh');
    await choose(h.container.querySelector('select[name=point-kind]'), 'commune');
    await submit(h.container.querySelector('[data-testid=points-bulk]'));
    await settle();
    // The conference has a central point already: every line is of the chosen kind.
    expect(h.sent).toEqual([{ type: 'addPoints', points: [{ name: 'Xã Khánh An', kind: 'commune' }, { name: 'Huyện U Minh', kind: 'commune' }] }]);
    expect(h.container.querySelector('[data-testid=points-bulk-result] .field-error')?.textContent).toBe('Tên đã được dùng. (Huyện U Minh)');
    expect((h.container.querySelector('textarea[name=point-names]') as HTMLTextAreaElement).value).toBe('Xã Khánh An\nHuyện U Minh');
  });

  it('reorders with Alt+↓ and the arrow buttons', async () => {
    h = await mount(SETUP, admin, () => <Points />);
    const tb = h.container.querySelector('tr[data-point-id=tb] input[name=point-name]')!;
    await run(() => {
      tb.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', altKey: true, bubbles: true }));
    });
    await click(buttons(h.container.querySelector('tr[data-point-id=tb]')!, '↑')[0]);
    expect(h.sent).toEqual([
      { type: 'reorderPoints', pointIds: ['c', 'um', 'tb'] },
      { type: 'reorderPoints', pointIds: ['tb', 'c', 'um'] },
    ]);
  });

  it('renames in place with Enter and moves to the next row; a refusal shows beside the name and the name goes back', async () => {
    h = await mount(SETUP, admin, () => <Points />, (c) => (c.type === 'updatePoint' && c.name === 'Huyện U Minh' ? { ok: false, code: 'DUPLICATE_NAME', message: 'x' } : { ok: true, seq: 1 }));
    const names = () => [...h!.container.querySelectorAll<HTMLInputElement>('input[name=point-name]')];
    expect(names().map((i) => i.value)).toEqual(['Điểm cầu trung tâm', 'Huyện Thới Bình', 'Huyện U Minh']);
    names()[1]!.focus();
    await type(names()[1]!, 'Huyện U Minh');
    await act(names()[1]!, 'Enter');
    expect(h.sent).toEqual([{ type: 'updatePoint', pointId: 'tb', name: 'Huyện U Minh' }]);
    expect(document.activeElement).toBe(names()[2]);
    const row = h.container.querySelector('tr[data-point-id=tb]')!;
    expect(row.querySelector('.field-error')?.textContent).toBe('Tên đã được dùng.');
    expect(names()[1]!.value).toBe('Huyện Thới Bình');
  });

  it('changes a kind and removes a row with one click each, no dialog', async () => {
    h = await mount(SETUP, admin, () => <Points />);
    const row = h.container.querySelector('tr[data-point-id=um]')!;
    await choose(row.querySelector('select[name=point-kind]'), 'city');
    await click(buttons(row, 'Xóa Huyện U Minh')[0]);
    expect(h.sent).toEqual([
      { type: 'updatePoint', pointId: 'um', kind: 'city' },
      { type: 'removePoint', pointId: 'um' },
    ]);
  });
});

async function act(el: Element, key: string) {
  await run(() => {
    el.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
  });
  await settle();
}

/** Lets the awaited acks of a handler come back and the view re-render. */
async function settle() {
  await run(async () => {
    for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
  });
}

describe('presiding panel and agenda', () => {
  const PANEL: MeetingEvent[] = [
    ...SETUP,
    { type: 'panelMemberAdded', at: 0, by: admin, memberId: 'm1', name: 'Nguyễn Tiến Hải', position: 'Bí thư Tỉnh ủy', organisation: 'Tỉnh ủy' },
    { type: 'panelMemberAdded', at: 0, by: admin, memberId: 'm2', name: 'Lê Quân', position: 'Chủ tịch UBND tỉnh', organisation: 'UBND tỉnh' },
  ];

  it('adds a member from the last row with Enter and reorders with the arrows', async () => {
    h = await mount(PANEL, admin, () => <Panel />);
    const row = h.container.querySelector('[data-testid=new-member]')!;
    await type(row.querySelector('input[name=new-member-name]'), 'Trần Văn Hiện');
    await type(row.querySelector('input[name=new-member-position]'), 'Chủ tịch HĐND tỉnh');
    await type(row.querySelector('input[name=new-member-organisation]'), 'HĐND tỉnh');
    await act(row.querySelector('input[name=new-member-organisation]')!, 'Enter');
    await click(buttons(h.container.querySelector('tr[data-member-id=m2]')!, '↑')[0]);
    expect(h.sent).toEqual([
      { type: 'addPanelMember', name: 'Trần Văn Hiện', position: 'Chủ tịch HĐND tỉnh', organisation: 'HĐND tỉnh' },
      { type: 'reorderPanel', memberIds: ['m2', 'm1'] },
    ]);
  });

  it('adds a step with who presides it, edits its minutes, moves it up', async () => {
    h = await mount(PANEL, admin, () => <Agenda />);
    const row = h.container.querySelector('[data-testid=new-step]')!;
    await type(row.querySelector('input[name=new-step-title]'), 'Phát biểu chỉ đạo');
    await choose(row.querySelector('select[name=step-kind]'), 'directive');
    await choose(row.querySelector('select[name=step-presiding]'), 'm1');
    await type(row.querySelector('input[name=new-step-minutes]'), '20');
    await click(h.container.querySelector('[data-testid=add-step]'));
    const disc = h.container.querySelector('tr[data-step-id=s-disc]')!;
    const minutes = disc.querySelector<HTMLInputElement>('input[name=step-minutes]')!;
    minutes.value = '45';
    minutes.dispatchEvent(new Event('blur'));
    await click(buttons(disc, '↑')[0]);
    expect(h.sent).toEqual([
      { type: 'addAgendaStep', title: 'Phát biểu chỉ đạo', kind: 'directive', plannedMinutes: 20, presidingMemberId: 'm1' },
      { type: 'updateAgendaStep', stepId: 's-disc', plannedMinutes: 45 },
      { type: 'reorderAgenda', stepIds: ['s-disc', 's-open'] },
    ]);
  });
});

describe('details', () => {
  it('sends only the changed facts, the quorum and the limits in seconds', async () => {
    h = await mount(BLANK, admin, () => <Details />);
    expect(buttons(h.container, 'Lưu')[0]?.disabled).toBe(true);
    await type(h.container.querySelector('input[name=conf-venue]'), 'Phòng họp trực tuyến UBND tỉnh');
    await type(h.container.querySelector('input[name=conf-clerkName]'), 'Phạm Thị Thu');
    await choose(h.container.querySelector('select[name=conf-kind]'), 'review');
    await choose(h.container.querySelector('select[name=conf-microphoneDiscipline]'), 'free');
    await submit(h.container.querySelector('[data-testid=details-facts]'));
    await choose(h.container.querySelector('select[name=quorum-kind]'), 'percent');
    await type(h.container.querySelector('input[name=quorum-value]'), '50');
    await submit(h.container.querySelector('[data-testid=quorum-form]'));
    await type(h.container.querySelector('input[name=limit-contribution]'), '7');
    await type(h.container.querySelector('input[name=limit-directive]'), '');
    await submit(h.container.querySelector('[data-testid=limits-form]'));
    await click(h.container.querySelector('[data-testid=to-scheduled]'));
    expect(h.sent).toEqual([
      { type: 'updateConference', kind: 'review', venue: 'Phòng họp trực tuyến UBND tỉnh', clerkName: 'Phạm Thị Thu', microphoneDiscipline: 'free' },
      { type: 'setQuorum', quorum: { kind: 'percent', percent: 50 } },
      { type: 'setSpeakingLimits', limits: { contribution: 420, reply: 120, pointOfOrder: 60, directive: null, warningSeconds: 30 } },
      { type: 'setConferenceStatus', status: 'scheduled' },
    ]);
  });

  it('is read-only once the record is closed, as the core says', async () => {
    const closed: MeetingEvent[] = [
      ...SETUP,
      { type: 'conferenceStatusChanged', at: 5, by: admin, from: 'rollCall', to: 'inSession' },
      { type: 'conferenceStatusChanged', at: 6, by: admin, from: 'inSession', to: 'adjourned' },
      { type: 'conferenceStatusChanged', at: 7, by: admin, from: 'adjourned', to: 'closed' },
    ];
    h = await mount(closed, admin, () => <OrganiserConsole />);
    // A closed conference opens on its record.
    expect(h.container.querySelector('[data-testid=closed-banner]')).not.toBeNull();
    await click(h.container.querySelector('[data-testid=tab-details]'));
    expect(h.container.querySelector<HTMLInputElement>('input[name=conf-title]')?.disabled).toBe(true);
    await click(h.container.querySelector('[data-testid=tab-points]'));
    expect([...h.container.querySelectorAll<HTMLInputElement>('input[name=point-name]')].every((i) => i.disabled)).toBe(true);
    expect(h.container.querySelector('[data-testid=points-bulk]')).toBeNull();
  });
});
