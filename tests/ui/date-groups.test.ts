import { describe, expect, it } from 'vitest';
import { groupByDate } from '@/components/chat/date-groups';

describe('groupByDate', () => {
  it('groups chats into Today, Yesterday, Previous 7 days and Older, keeping their order', () => {
    const now = new Date(2026, 10, 26, 9, 30); // local time
    const at = (days: number, hours = 8) => ({ updatedAt: new Date(2026, 10, 26 - days, hours).toISOString(), days });
    const chats = [at(0), at(0, 0), at(1, 23), at(1, 0), at(2), at(7), at(8), at(400)];
    expect(groupByDate(chats, now).map((g) => [g.label, g.items.map((c) => c.days)])).toEqual([
      ['Today', [0, 0]],
      ['Yesterday', [1, 1]],
      ['Previous 7 days', [2, 7]],
      ['Older', [8, 400]],
    ]);
    expect(groupByDate([at(3)], now).map((g) => g.label)).toEqual(['Previous 7 days']);
  });
});
