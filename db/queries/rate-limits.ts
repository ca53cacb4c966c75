import type { Queryable } from '../types';

/**
 * Counts one more hit in the bucket's current fixed window and returns the new count and the
 * seconds left in the window. One row per bucket and window, shared by every instance.
 */
export async function countRateLimitHit(
  q: Queryable,
  bucket: string,
  windowSeconds: number,
  cost = 1,
): Promise<{ hits: number; secondsLeft: number }> {
  const { rows } = await q.query<{ hits: number; secondsLeft: number }>(
    `WITH w AS (SELECT to_timestamp(floor(extract(epoch FROM now()) / $2) * $2) AS start)
     INSERT INTO rate_limit_windows (bucket, window_start, hits)
     SELECT $1, w.start, $3 FROM w
     ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limit_windows.hits + EXCLUDED.hits
     RETURNING hits, ceil(extract(epoch FROM window_start + make_interval(secs => $2) - now()))::int AS "secondsLeft"`,
    [bucket, windowSeconds, cost],
  );
  return rows[0];
}

export async function deleteOldRateLimitWindows(q: Queryable, olderThanSeconds: number): Promise<void> {
  await q.query(`DELETE FROM rate_limit_windows WHERE window_start < now() - make_interval(secs => $1)`, [olderThanSeconds]);
}
