'use client';

import { useCallback, useEffect, useRef } from 'react';

/**
 * For lists refreshed after every click: two quick actions start two requests whose answers may
 * land out of order. `take()` before a request returns `isLatest`, true only while no later
 * request has started and the component is mounted, so a stale answer is dropped.
 */
export function useLatestTicket(): () => () => boolean {
  const latest = useRef(0);
  useEffect(
    () => () => {
      latest.current++;
    },
    [],
  );
  return useCallback(() => {
    const ticket = ++latest.current;
    return () => ticket === latest.current;
  }, []);
}
