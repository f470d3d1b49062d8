import type { CouncilSessionView } from '@egov-box/contracts';
import { useTranslation } from 'react-i18next';
import { undecidedItems } from './model';

/** What closing the sitting does: „Заседанието ще бъде закрито. Точки 3 и 4 не са гласувани…“ */
export function CloseSittingMessage({ sitting }: { sitting: CouncilSessionView }) {
  const { t, i18n } = useTranslation();
  const left = undecidedItems(sitting);
  const list = new Intl.ListFormat(i18n.language, { style: 'long', type: 'conjunction' }).format(left.map(String));
  return (
    <>
      <p>
        {t('council.confirm.closeSittingBody')}{' '}
        {left.length === 0
          ? t('council.confirm.allVoted')
          : t(left.length === 1 ? 'council.confirm.unvotedOne' : 'council.confirm.unvotedMany', { items: list })}
      </p>
      <p>{t('council.confirm.closeSittingFinal')}</p>
    </>
  );
}
