import type { CheckInCodeView, CouncilSessionView } from '@egov-box/contracts';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';

/**
 * The chamber's check-in code for the clerk and the chair (issue 15, part 5): six digits that
 * change every 30 seconds, read again every five seconds. Members type it to check themselves
 * in; the chamber's screen shows it too.
 */
export function CheckInCode({ sitting }: { sitting: CouncilSessionView }) {
  const { t } = useTranslation();
  const code = useQuery<CheckInCodeView>({
    queryKey: ['council', sitting.id, 'check-in-code'],
    queryFn: ({ signal }) => api.get<CheckInCodeView>(`/api/council/sessions/${sitting.id}/check-in-code`, { signal }),
    refetchInterval: 5_000,
  });
  if (sitting.form?.remote || !code.data) return null;
  return (
    <div className="check-in-code" data-testid="check-in-code">
      <h3>{t('council.checkInCode.title')}</h3>
      <p className="check-in-code-value" aria-live="off">
        {code.data.code}
      </p>
      <p className="muted">{t('council.checkInCode.hint')}</p>
    </div>
  );
}
