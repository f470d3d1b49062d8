import { QueryClient, useQuery, type UseQueryResult } from '@tanstack/react-query';
import { ApiError, api } from './client';

/** Client errors (4xx) are answers, not glitches: retrying them only delays the message. */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiError && error.status >= 400 && error.status < 500) return false;
  return failureCount < 2;
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: shouldRetry, staleTime: 15_000, refetchOnWindowFocus: true },
      mutations: { retry: false },
    },
  });
}

/** GET `path` as the signed-in user, cached under `key`. */
export function useApi<T>(key: readonly unknown[], path: string, enabled = true): UseQueryResult<T> {
  return useQuery<T>({ queryKey: key, queryFn: ({ signal }) => api.get<T>(path, { signal }), enabled });
}
