// @vitest-environment happy-dom
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { I18nContext, LANGUAGES } from '../../i18n/index.js';
import { useMeeting } from '../session.js';
import { choose, click, mount, type Harness } from '../testing/harness.js';
import { SETUP } from '../testing/events.js';
import { ImportPanel } from './ImportPanel.js';
import { RollCallTable } from './RollCallTable.js';

// The clerk's import preview and roll-call filters, as the clerk sees them.

let h: Harness | undefined;
afterEach(() => {
  h?.unmount();
  h = undefined;
});

const CSV_WITH_ONE_BAD_ROW = [
  'Họ và tên,Chức vụ,Cơ quan,Điểm cầu',
  'Nguyễn Văn Mới,Phó Chủ tịch,UBND huyện Thới Bình,Huyện Thới Bình',
  ',Chánh Văn phòng,UBND huyện U Minh,Huyện U Minh',
  'Trần Văn Hai,Trưởng phòng,UBND huyện U Minh,Huyện U Minh',
  'Lê Thị Ba,Phó phòng,UBND huyện Năm Căn,Huyện Năm Căn',
].join('\n');

function Import() {
  return <ImportPanel state={useMeeting()} />;
}
function RollCall() {
  return <RollCallTable state={useMeeting()} />;
}

async function chooseFile(container: HTMLElement, text: string): Promise<void> {
  const input = container.querySelector<HTMLInputElement>('[data-testid=import-file]')!;
  const file = new File([text], 'danh-sach.csv', { type: 'text/csv' });
  Object.defineProperty(input, 'files', { value: [file] });
  await act(async () => {
    input.dispatchEvent(new Event('change', { bubbles: true }));
    // the parser is loaded on demand and the file read asynchronously
    for (let i = 0; i < 50 && !container.querySelector('[data-testid=import-preview]'); i++) await new Promise((r) => setTimeout(r, 20));
  });
}

describe('the import preview (clerk)', () => {
  it('R-IMPORT-2: a file with broken rows shows its good rows with every error, and import stays refused', async () => {
    h = await mount(SETUP, { role: 'clerk' }, () => <Import />);
    await chooseFile(h.container, CSV_WITH_ONE_BAD_ROW);
    const preview = h.container.querySelector('[data-testid=import-preview]')!;
    expect(preview.querySelector('[data-testid=import-summary]')?.textContent).toBe('2 dòng đọc được (bên dưới); chưa nhập gì cho đến khi sửa hết lỗi');
    expect([...preview.querySelectorAll('tbody tr')].map((tr) => tr.querySelector('td')?.textContent)).toEqual(['2', '4']);
    const errors = [...preview.querySelectorAll('[data-testid=import-errors] li')].map((li) => li.textContent);
    expect(errors).toEqual(['Dòng 3 của tệp: thiếu họ và tên.', 'Dòng 5 của tệp: không có điểm cầu “Huyện Năm Căn” trong hội nghị.']);
    const importButton = preview.querySelector<HTMLButtonElement>('[data-testid=import-do]')!;
    expect(importButton.disabled).toBe(true);
    await click(importButton);
    expect(h.sent).toEqual([]);
  });

  it('in English a file’s line is “line N of the file”, never a bare “Row N”', async () => {
    h = await mount(SETUP, { role: 'clerk' }, () => (
      <I18nContext.Provider value={{ lang: 'en', t: LANGUAGES.en, setLang: () => {} }}>
        <Import />
      </I18nContext.Provider>
    ));
    await chooseFile(h.container, CSV_WITH_ONE_BAD_ROW);
    const errors = [...h.container.querySelectorAll('[data-testid=import-errors] li')].map((li) => li.textContent);
    expect(errors).toEqual(['Line 3 of the file: the name is missing.', 'Line 5 of the file: no point “Huyện Năm Căn” in this conference.']);
    expect(h.container.textContent).not.toMatch(/\bRow \d/);
  });

  it('a good file is imported in one command', async () => {
    h = await mount(SETUP, { role: 'clerk' }, () => <Import />);
    await chooseFile(h.container, CSV_WITH_ONE_BAD_ROW.split('\n').filter((_, i) => i !== 2 && i !== 4).join('\n'));
    expect(h.container.querySelector('[data-testid=import-summary]')?.textContent).toBe('Sẽ nhập 2 đại biểu');
    await click(h.container.querySelector('[data-testid=import-do]'));
    expect(h.sent).toMatchObject([{ type: 'importInvitationList', rows: [{ line: 2, point: 'tb' }, { line: 3, point: 'um' }] }]);
  });
});

describe('the roll-call filters (clerk)', () => {
  it('with one point chosen, the organisation filter lists that point’s organisations only', async () => {
    h = await mount(SETUP, { role: 'clerk' }, () => <RollCall />);
    const orgOptions = () => [...h!.container.querySelectorAll('[data-testid=filter-organisation] option')].map((o) => o.getAttribute('value'));
    expect(orgOptions()).toEqual(['', 'ub-tb', 'ub-um']);
    await choose(h.container.querySelector('[data-testid=filter-organisation]'), 'ub-tb');
    await choose(h.container.querySelector('[data-testid=filter-point]'), 'um');
    expect(orgOptions()).toEqual(['', 'ub-um']);
    // the organisation chosen at Thới Bình matches nobody at U Minh: the filter starts afresh
    expect([...h.container.querySelectorAll('tr[data-attendee-id]')].map((r) => r.getAttribute('data-attendee-id'))).toEqual(['a3']);
  });
});
