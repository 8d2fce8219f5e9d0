import { render, type ComponentChildren } from 'preact';
import { act } from 'preact/test-utils';
import type { MeetingEvent, Command, Principal } from '../../../shared/protocol/index.js';
import type { Ack } from '../../../shared/protocol/socket.js';
import { MeetingConnection } from '../../net/connection.js';
import { MeetingReplica } from '../../state/replica.js';
import { ServerClock } from '../../state/serverClock.js';
import { SessionContext, type Session } from '../session.js';

// Renders a view into a DOM (happy-dom in the component tests) with a real replica folded from
// the given events. The only stand-in is the network edge: `send` records the commands a view
// issues (and acks them), which is exactly what the view is responsible for.

export interface Harness {
  container: HTMLElement;
  sent: Command[];
  replica: MeetingReplica;
  /** fold more events, as if they arrived live */
  live(events: MeetingEvent[]): Promise<void>;
  unmount(): void;
}

export async function mount(events: MeetingEvent[], principal: Principal, view: () => ComponentChildren, ack: (c: Command) => Ack = () => ({ ok: true, seq: 1 })): Promise<Harness> {
  const replica = new MeetingReplica();
  replica.applyCatchUp({ conferenceId: 'cm', reset: false, events: events.map((event, i) => ({ seq: i + 1, event })), headSeq: events.length, done: true });
  const clock = new ServerClock();
  const connection = new MeetingConnection({ token: 'test', replica, clock, url: 'http://127.0.0.1:9' });
  const sent: Command[] = [];
  const session: Session = {
    replica,
    connection,
    clock,
    principal,
    conferenceId: 'cm',
    token: 'test',
    send: async (c) => {
      sent.push(c);
      return ack(c);
    },
  };
  const container = document.createElement('div');
  document.body.appendChild(container);
  await act(() => {
    render(<SessionContext.Provider value={session}>{view()}</SessionContext.Provider>, container);
  });
  let seq = events.length;
  return {
    container,
    sent,
    replica,
    live: async (more) => {
      await act(() => {
        replica.applyLive({ conferenceId: 'cm', events: more.map((event) => ({ seq: ++seq, event })) });
      });
    },
    unmount: () => {
      render(null, container);
      container.remove();
    },
  };
}

export async function click(el: Element | null | undefined): Promise<void> {
  if (!el) throw new Error('nothing to click');
  await act(() => {
    (el as HTMLElement).click();
  });
}

export async function key(target: EventTarget, k: string): Promise<void> {
  await act(() => {
    target.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true }));
  });
}

export async function type(input: Element | null, value: string): Promise<void> {
  if (!input) throw new Error('no input');
  await act(() => {
    (input as HTMLInputElement).value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

export async function submit(form: Element | null): Promise<void> {
  if (!form) throw new Error('no form');
  await act(() => {
    form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
  });
}

/** Buttons whose text is exactly `label`, within `root`. */
export function buttons(root: ParentNode, label: string): HTMLButtonElement[] {
  return [...root.querySelectorAll('button')].filter((b) => b.textContent?.trim() === label);
}

export async function choose(select: Element | null, value: string): Promise<void> {
  if (!select) throw new Error('no select');
  await act(() => {
    (select as HTMLSelectElement).value = value;
    select.dispatchEvent(new Event('change', { bubbles: true }));
  });
}
