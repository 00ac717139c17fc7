import { QueryClient } from '@tanstack/react-query';
import { ApiError } from './http';

/**
 * Server state lives in TanStack Query. Lists that move with the workflow poll with
 * `refetchInterval`, and only while the tab is visible (refetchIntervalInBackground false);
 * a 4xx is an answer, not a hiccup, so only network and 5xx failures are retried.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        refetchIntervalInBackground: false,
        staleTime: 2000,
        retry: (count, error) => count < 2 && !(error instanceof ApiError && error.status < 500),
      },
      mutations: { retry: false },
    },
  });
}

/** Poll intervals: work appears as the workflow moves on. */
export const POLL = { fast: 2500, normal: 4000, slow: 10000 } as const;
