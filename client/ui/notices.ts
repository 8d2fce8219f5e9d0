import { useEffect, useReducer } from 'preact/hooks';

// Short messages for the operator: mostly a command the server refused, said plainly. Kept
// outside the meeting state on purpose: they are about this screen, not about the conference.

export interface Notice {
  id: number;
  tone: 'error' | 'info';
  text: string;
}

type Listener = () => void;

export class NoticeBoard {
  #notices: Notice[] = [];
  #next = 1;
  readonly #listeners = new Set<Listener>();
  readonly #ttlMs: number;

  constructor(ttlMs = 8000) {
    this.#ttlMs = ttlMs;
  }

  get notices(): readonly Notice[] {
    return this.#notices;
  }

  push(tone: Notice['tone'], text: string): number {
    const id = this.#next++;
    // The same message twice in a row (a double click) is shown once.
    this.#notices = [...this.#notices.filter((n) => n.text !== text), { id, tone, text }].slice(-4);
    this.#emit();
    if (this.#ttlMs > 0) setTimeout(() => this.dismiss(id), this.#ttlMs);
    return id;
  }

  dismiss(id: number): void {
    const before = this.#notices.length;
    this.#notices = this.#notices.filter((n) => n.id !== id);
    if (this.#notices.length !== before) this.#emit();
  }

  subscribe(l: Listener): () => void {
    this.#listeners.add(l);
    return () => this.#listeners.delete(l);
  }

  #emit(): void {
    for (const l of this.#listeners) l();
  }
}

export function useNotices(board: NoticeBoard): readonly Notice[] {
  const [, bump] = useReducer((n: number) => n + 1, 0);
  useEffect(() => board.subscribe(() => bump(undefined)), [board]);
  return board.notices;
}
