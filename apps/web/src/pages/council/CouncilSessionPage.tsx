import type { SpeakerView } from '@egov-box/contracts';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { api } from '../../api/client';
import { useApi } from '../../api/queries';
import { useAnnounce } from '../../components/Announcer';
import { PageTitle } from '../../components/PageTitle';
import { LoadError, Loading } from '../../components/States';
import { useRealtimeSocket } from '../../realtime/RealtimeContext';
import { outcomeKey } from './model';
import { SittingBody } from './SittingBody';
import { useCouncilLive, useCouncilSession, useVoteOpened } from './useCouncilLive';

export function CouncilSessionPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const key = ['council', 'sessions', id] as const;
  const sitting = useCouncilSession(key, `/api/council/sessions/${encodeURIComponent(id)}`);
  const socket = useRealtimeSocket();
  const announce = useAnnounce();
  // Whether this person has the vote panel at the top of the page (a member's ballot, the chair's controls).
  const hasVotePanel = useRef(false);
  const { speakers, setSpeakers } = useCouncilLive(socket, id, key, {
    loadSpeakers: () => api.get<SpeakerView[]>(`/api/council/sessions/${encodeURIComponent(id)}/speakers`),
    onVoteClosed: (v) =>
      v.result &&
      announce(
        t('council.voteClosedAnnounce', {
          outcome: t(outcomeKey(v.result)),
          ...v.result.counts,
        }),
      ),
  });
  useVoteOpened(sitting.data, (title) =>
    announce(t(hasVotePanel.current ? 'council.voteOpenedAtTop' : 'council.voteOpenedAnnounce', { title })),
  );
  const initialSpeakers = useApi<SpeakerView[]>(
    ['council', 'sessions', id, 'speakers'],
    `/api/council/sessions/${encodeURIComponent(id)}/speakers`,
    !!sitting.data,
  );
  useEffect(() => {
    if (initialSpeakers.data && speakers === null) setSpeakers(initialSpeakers.data);
  }, [initialSpeakers.data, speakers, setSpeakers]);

  const title = sitting.data?.title ?? t('council.sittingTitle');
  return (
    <>
      <PageTitle title={title}>{title}</PageTitle>
      {sitting.isPending ? (
        <Loading />
      ) : sitting.isError ? (
        <LoadError error={sitting.error} retry={() => void sitting.refetch()} />
      ) : (
        <SittingBody
          sitting={sitting.data}
          speakers={speakers ?? initialSpeakers.data ?? []}
          setSpeakers={setSpeakers}
          hasVotePanel={hasVotePanel}
        />
      )}
    </>
  );
}
