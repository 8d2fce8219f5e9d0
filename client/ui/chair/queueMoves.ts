// Dragging a request from one place in the queue to another, in the moves the protocol has
// (up, down, top): the core decides every step, so a drag can never put the queue in an order
// the rules forbid (e.g. ahead of a point of order).

export type QueueMove = 'up' | 'down' | 'top';

export function movesForDrag(from: number, to: number): QueueMove[] {
  if (from === to || from < 0 || to < 0) return [];
  if (to === 0) return ['top'];
  const n = Math.abs(to - from);
  return Array.from({ length: n }, () => (to < from ? 'up' : 'down'));
}
