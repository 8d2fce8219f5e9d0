// @vitest-environment happy-dom
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { useMeeting } from '../session.js';
import { choose, click, mount, type Harness } from '../testing/harness.js';
import { SETUP } from '../testing/events.js';
import { PointsSection } from './PointsSection.js';

// Importing points from a spreadsheet in the organiser's console: the clerk's preview (rows read,
// every error by line of the file, nothing added while any remains), then one addPoints command.

let h: Harness | undefined;
afterEach(() => {
  h?.unmount();
  h = undefined;
});

const admin = { role: 'admin' as const };
const Points = () => <PointsSection state={useMeeting()} />;

async function chooseFile(container: HTMLElement, text: string, name = 'diem-cau.csv'): Promise<void> {
  const input = container.querySelector<HTMLInputElement>('[data-testid=points-import-file]')!;
  Object.defineProperty(input, 'files', { value: [new File([text], name, { type: 'text/csv' })] });
  await act(async () => {
    input.dispatchEvent(new Event('change', { bubbles: true }));
    for (let i = 0; i < 50 && !container.querySelector('[data-testid=points-import-preview]'); i++) await new Promise((r) => setTimeout(r, 20));
  });
}

const previewText = (c: HTMLElement) => ({
  summary: c.querySelector('[data-testid=points-import-summary]')?.textContent,
  errors: [...c.querySelectorAll('[data-testid=points-import-preview] [data-testid=import-errors] li')].map((li) => li.textContent),
  lines: [...c.querySelectorAll('[data-testid=points-import-preview] tbody tr')].map((tr) => tr.querySelector('td')?.textContent),
});

describe('importing points from a file', () => {
  it('shows the good rows beside every error by line of the file, and adds nothing until the file is fixed', async () => {
    h = await mount(SETUP, admin, () => <Points />);
    await chooseFile(h.container, 'STT,Tên điểm cầu,Loại\n1,Xã Tân Thành,\n2,Huyện Thới Bình,Huyện\n3,Trung tâm 2,Trung tâm\n4,,Xã\n5,Xã An Xuyên,\n');
    expect(previewText(h.container)).toEqual({
      summary: '2 dòng đọc được (bên dưới); chưa nhập gì cho đến khi sửa hết lỗi',
      errors: [
        'Dòng 3 của tệp: đã có điểm cầu “Huyện Thới Bình” trong hội nghị.',
        'Dòng 4 của tệp: “Trung tâm 2” là điểm cầu trung tâm thứ hai; hội nghị chỉ có một.',
        'Dòng 5 của tệp: thiếu tên điểm cầu.',
      ],
      lines: ['2', '6'],
    });
    const add = h.container.querySelector<HTMLButtonElement>('[data-testid=points-import-do]')!;
    expect(add.disabled).toBe(true);
    await click(add);
    expect(h.sent).toEqual([]);
  });

  it('a hundred communes from one file: one choice, one click, one addPoints command in the file’s order', async () => {
    h = await mount(SETUP, admin, () => <Points />);
    const rows = Array.from({ length: 100 }, (_, i) => `${i + 1};Tân Thành ${i + 1};0290 38${String(i).padStart(2, '0')}`);
    await chooseFile(h.container, ['Tên xã, phường;Điện thoại', ...rows.map((r) => r.slice(r.indexOf(';') + 1))].join('\r\n'));
    // the file says no kind: the organiser's choice beside the file gives it
    await choose(h.container.querySelector('select[name=import-kind]'), 'commune');
    expect(previewText(h.container)).toMatchObject({ summary: 'Sẽ thêm 100 điểm cầu', errors: [] });
    // A hundred rows scroll in their box: it takes the focus and is named, so the keyboard reaches them.
    const box = h.container.querySelector<HTMLElement>('[data-testid=points-import-preview] [data-testid=import-rows]');
    expect([box?.tabIndex, box?.getAttribute('role'), box?.getAttribute('aria-label')]).toEqual([0, 'region', 'Các dòng đọc được từ tệp (100)']);
    await click(h.container.querySelector('[data-testid=points-import-do]'));
    expect(h.sent).toHaveLength(1);
    const sent = h.sent[0] as { type: string; points: { name: string; kind: string; contact?: string }[] };
    expect(sent.type).toBe('addPoints');
    expect(sent.points).toHaveLength(100);
    expect(sent.points[0]).toEqual({ name: 'Tân Thành 1', kind: 'commune', contact: '0290 3800' });
    expect(sent.points[99]?.name).toBe('Tân Thành 100');
  });
});
