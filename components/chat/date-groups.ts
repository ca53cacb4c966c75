export const DATE_GROUPS = ['Today', 'Yesterday', 'Previous 7 days', 'Older'] as const;
export type DateGroup = (typeof DATE_GROUPS)[number];

const DAY_MS = 24 * 60 * 60 * 1000;

/** Midnight of `date`'s day in the local time zone (where the reader's "today" begins). */
function startOfDay(date: Date): number {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
}

/**
 * Splits items (newest first) into the history's date groups by their `updatedAt`, in local
 * time, keeping their order; empty groups are left out.
 */
export function groupByDate<T extends { updatedAt: string }>(items: T[], now = new Date()): { label: DateGroup; items: T[] }[] {
  const today = startOfDay(now);
  const groups = new Map<DateGroup, T[]>(DATE_GROUPS.map((label) => [label, []]));
  for (const item of items) {
    const day = startOfDay(new Date(item.updatedAt));
    const daysAgo = Math.round((today - day) / DAY_MS); // rounded: a DST day is 23 or 25 hours
    const label: DateGroup = daysAgo <= 0 ? 'Today' : daysAgo === 1 ? 'Yesterday' : daysAgo <= 7 ? 'Previous 7 days' : 'Older';
    groups.get(label)!.push(item);
  }
  return DATE_GROUPS.map((label) => ({ label, items: groups.get(label)! })).filter((g) => g.items.length > 0);
}
