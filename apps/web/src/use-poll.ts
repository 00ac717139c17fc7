import { useCallback, useEffect, useRef, useState } from 'react';
import { errorText } from './api-client';

/** Loads data now and every `intervalMs` while mounted (work appears as the workflow moves on). */
export function usePoll<T>(load: () => Promise<T>, key: string, intervalMs = 2500) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const loadRef = useRef(load);
  loadRef.current = load;

  const reload = useCallback(async () => {
    try {
      setData(await loadRef.current());
      setError(null);
    } catch (e) {
      setError(errorText(e));
    }
  }, []);

  useEffect(() => {
    setData(null);
    void reload();
    const timer = window.setInterval(() => void reload(), intervalMs);
    return () => window.clearInterval(timer);
  }, [key, intervalMs, reload]);

  return { data, error, reload };
}
