import type { CouncilSessionView } from '@egov-box/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../api/client';
import { useAnnounce } from '../../components/Announcer';
import { useErrorMessage } from '../../components/States';
import { formatDateTime, type Language } from '../../format/datetime';

/** An error's text: the council's own codes first, then the portal's common ones. */
export function useCouncilError(): (err: unknown) => string {
  const { t, i18n } = useTranslation();
  const common = useErrorMessage();
  return (err) => {
    if (err instanceof ApiError && err.code === 'notice_period') {
      const d = (err.details ?? {}) as { noticeDays?: number; earliestStart?: string };
      return t('council.errors.notice_period', {
        noticeDays: d.noticeDays ?? 7,
        earliestStart: d.earliestStart ? formatDateTime(d.earliestStart, i18n.language as Language) : '—',
      });
    }
    if (err instanceof ApiError && i18n.exists(`council.errors.${err.code}`)) return t(`council.errors.${err.code}`);
    return common(err);
  };
}

export interface Action {
  path: string;
  body?: unknown;
  /** POST unless said. */
  method?: 'POST' | 'PUT';
  /** Announced in the live region on success. */
  done?: string;
  onData?: (d: unknown) => void;
}

/** A POST (or PUT) with its error text and "done" announcement; a returned session view refreshes the cache. */
export function useAction() {
  const queryClient = useQueryClient();
  const errorMessage = useCouncilError();
  const announce = useAnnounce();
  const [error, setError] = useState<string | null>(null);
  const m = useMutation({
    mutationFn: (a: Action) =>
      a.method === 'PUT' ? api.put<unknown>(a.path, a.body ?? {}) : api.post<unknown>(a.path, a.body ?? {}),
    onSuccess: (data, a) => {
      setError(null);
      if (data && typeof data === 'object' && 'items' in data && 'quorum' in data) {
        const s = data as CouncilSessionView;
        queryClient.setQueryData(['council', 'sessions', s.id], s);
      }
      a.onData?.(data);
      if (a.done) announce(a.done);
    },
    onError: (err) => setError(errorMessage(err)),
  });
  return { run: m.mutate, pending: m.isPending, error, setError };
}

export function ActionError({ error }: { error: string | null }) {
  return error ? (
    <p className="form-error" role="alert">
      {error}
    </p>
  ) : null;
}

/** Saves a blob under a file name (the browser's download). */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
