import type { UpcomingMeetingsPage } from '@egov-box/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApi } from '../../api/queries';
import { LoadError, Loading } from '../../components/States';
import { useRealtimeEvent } from '../../realtime/RealtimeContext';
import { MeetingList } from './MeetingList';

export const MEETINGS_KEY = ['meetings'] as const;

/** Refetch the meeting lists whenever the server says one of my meetings changed. */
export function useMeetingEvents(): void {
  const queryClient = useQueryClient();
  const refresh = () => void queryClient.invalidateQueries({ queryKey: MEETINGS_KEY });
  useRealtimeEvent('meeting.created', refresh);
  useRealtimeEvent('meeting.updated', refresh);
  useRealtimeEvent('meeting.cancelled', refresh);
}

export function UpcomingSection({ limit = 5, headingLevel = 2 }: { limit?: number; headingLevel?: 2 | 3 }) {
  const { t } = useTranslation();
  const meetings = useApi<UpcomingMeetingsPage>(
    [...MEETINGS_KEY, 'upcoming', limit],
    `/api/meetings/upcoming?limit=${limit}`,
  );
  useMeetingEvents();
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const list = meetings.data?.items ?? [];
  return (
    <section className="card" aria-labelledby="upcoming-heading">
      <Heading id="upcoming-heading">{t('dashboard.upcoming.heading')}</Heading>
      {meetings.isPending ? (
        <Loading />
      ) : meetings.isError ? (
        <LoadError error={meetings.error} retry={() => void meetings.refetch()} />
      ) : list.length === 0 ? (
        <p className="empty">{t('dashboard.upcoming.empty')}</p>
      ) : (
        <MeetingList meetings={list} />
      )}
      <p>
        <Link to="/schedule">{t('dashboard.upcoming.all')}</Link>
      </p>
    </section>
  );
}
