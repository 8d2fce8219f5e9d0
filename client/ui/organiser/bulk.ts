// Moving a row of the organiser's ordered tables (points, panel, agenda): the view proposes the
// new order, the core checks it is a permutation (NOT_A_PERMUTATION otherwise).

/** The order with the item at `index` moved by `delta` places; null when it cannot move that way. */
export function moved<T>(order: readonly T[], index: number, delta: number): T[] | null {
  const to = index + delta;
  if (index < 0 || index >= order.length || to < 0 || to >= order.length || delta === 0) return null;
  const next = [...order];
  const [item] = next.splice(index, 1) as [T];
  next.splice(to, 0, item);
  return next;
}
