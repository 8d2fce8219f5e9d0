// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ExportMenu } from './ExportMenu.js';

// The export menu lies over the speech controls when open: it must get out of the way
// (issue 12: a click on "Thêm 1 phút" landed on a menu item).

let container: HTMLElement;
const details = () => container.querySelector<HTMLDetailsElement>('[data-testid=export-menu]')!;
const summary = () => container.querySelector<HTMLElement>('summary')!;

async function openMenu(): Promise<void> {
  await act(() => summary().click());
  expect(details().open).toBe(true);
}

beforeEach(async () => {
  container = document.createElement('div');
  document.body.appendChild(container);
  const outside = document.createElement('button');
  outside.id = 'outside';
  document.body.appendChild(outside);
  await act(() => {
    render(<ExportMenu conferenceId="cm" token="t" baseUrl="http://127.0.0.1:9" />, container);
  });
});
afterEach(() => {
  render(null, container);
  document.body.innerHTML = '';
  vi.unstubAllGlobals();
});

describe('the export menu', () => {
  it('opens and closes with its own button', async () => {
    expect(details().open).toBe(false);
    await openMenu();
    await act(() => summary().click());
    expect(details().open).toBe(false);
  });

  it('closes on Escape', async () => {
    await openMenu();
    await act(() => {
      document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    });
    expect(details().open).toBe(false);
  });

  it('closes on a click outside it, not on a click inside', async () => {
    await openMenu();
    await act(() => {
      container.querySelector('.export-menu__list')!.dispatchEvent(new Event('pointerdown', { bubbles: true }));
    });
    expect(details().open).toBe(true);
    await act(() => {
      document.getElementById('outside')!.dispatchEvent(new Event('pointerdown', { bubbles: true }));
    });
    expect(details().open).toBe(false);
  });

  it('closes once a download has started, and stays open to show a refusal', async () => {
    const saved: string[] = [];
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: () => 'blob:x', revokeObjectURL: () => undefined }));
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push(this.download);
    });
    vi.stubGlobal('fetch', async () => new Response(new Blob(['%PDF']), { status: 200, headers: { 'content-disposition': 'attachment; filename="bien-ban.pdf"' } }));
    await openMenu();
    const first = container.querySelector<HTMLButtonElement>('.export-menu__list button')!;
    await act(async () => {
      first.click();
      await new Promise((r) => setTimeout(r, 20));
    });
    expect(saved).toEqual(['bien-ban.pdf']);
    expect(details().open).toBe(false);

    vi.stubGlobal('fetch', async () => new Response(JSON.stringify({ code: 'FORBIDDEN', message: 'no' }), { status: 403 }));
    await openMenu();
    await act(async () => {
      container.querySelector<HTMLButtonElement>('.export-menu__list button')!.click();
      await new Promise((r) => setTimeout(r, 20));
    });
    expect(details().open).toBe(true);
    expect(container.querySelector('[role=alert]')?.textContent).toContain('FORBIDDEN');
    click.mockRestore();
  });
});
