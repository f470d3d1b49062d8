import type { CouncilSessionView } from '@egov-box/contracts';
import { useTranslation } from 'react-i18next';

export function Attendance({ sitting }: { sitting: CouncilSessionView }) {
  const { t } = useTranslation();
  const present = sitting.attendance.filter((a) => a.present);
  return (
    <section className="card" aria-labelledby="attendance-heading">
      <h2 id="attendance-heading">{t('council.attendance', { count: present.length })}</h2>
      {present.length === 0 ? (
        <p className="empty">{t('council.nobodyPresent')}</p>
      ) : (
        <ul className="columns" data-testid="attendance">
          {present.map((a) => (
            <li key={a.member.id}>{a.member.displayName}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
