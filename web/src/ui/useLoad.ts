/**
 * Loads something from the API when its key changes: aborts the previous request,
 * never lets a stale answer overwrite a newer one, and exposes loading / error / data.
 * `reload()` refreshes in place: the data stays on screen until the new answer arrives.
 */
import { useCallback, useEffect, useRef, useState } from 'react';

export type Load<T> = { state: 'loading' } | { state: 'error'; error: unknown } | { state: 'ready'; data: T };

export function useLoad<T>(key: string, load: (signal: AbortSignal) => Promise<T>): [Load<T>, () => void] {
  const [result, setResult] = useState<Load<T>>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const shownKey = useRef<string | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    // A new key starts over; a reload of the same key keeps showing what it has until the answer comes.
    if (shownKey.current !== key) setResult({ state: 'loading' });
    shownKey.current = key;
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setResult({ state: 'ready', data });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setResult({ state: 'error', error });
      },
    );
    return () => controller.abort();
    // `load` is a fresh closure each render; the key says when it means something new.
  }, [key, attempt]);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return [result, retry];
}
