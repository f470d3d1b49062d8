import type { CouncilBodyView, CouncilSessionView, SpeakerView } from '@egov-box/contracts';
import { useEffect, useRef, useState, type MutableRefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/queries';
import { useAuth } from '../../auth/AuthContext';
import { Attendance } from './Attendance';
import { ChairConsole } from './ChairConsole';
import { ClerkTools } from './ClerkTools';
import { ConflictForm } from './ConflictForm';
import { Elections } from './Elections';
import { MaterialUpload } from './Materials';
import { MemberPanel } from './MemberPanel';
import { RemoteSitting } from './RemoteSitting';
import { MinutesSection, OpenDataLinks } from './Minutes';
import { mergeSpeaker } from './model';
import { SittingView } from './SittingView';
import { VideoPanel } from './Video';
import { VoteNow } from './VoteNow';

export function SittingBody({
  sitting,
  speakers,
  setSpeakers,
  hasVotePanel,
}: {
  sitting: CouncilSessionView;
  speakers: SpeakerView[];
  setSpeakers: (s: SpeakerView[]) => void;
  hasVotePanel: MutableRefObject<boolean>;
}) {
  const { t } = useTranslation();
  const { state } = useAuth();
  const user = state.user!;
  const roles = user.roles as string[];
  const bodies = useApi<CouncilBodyView[]>(['council', 'bodies'], '/api/council/bodies');
  // A committee meeting: its members take part and its chair leads (so does the council's chair).
  const bodyId = sitting.body?.id;
  const body = bodies.data?.find((b) => b.id === bodyId);
  const committee = body?.kind === 'committee' ? body : null;
  const isMember = roles.includes('councillor') && (!committee || committee.members.some((m) => m.id === user.id));
  const isChair = roles.includes('council_chair') || (!!committee && committee.chairId === user.id);
  const isClerk = roles.includes('clerk') || roles.includes('admin');
  const [conflictItem, setConflictItem] = useState<string | null>(null);
  const onSpeaker = (s: SpeakerView) => setSpeakers(mergeSpeaker(speakers, s));
  const canUpload = isClerk && (sitting.status === 'draft' || sitting.status === 'published');
  const live = sitting.status === 'open' || sitting.status === 'paused';
  const openVote = live ? (sitting.votes.find((v) => v.status === 'open') ?? null) : null;
  // A vote already open when the page loaded is at its top anyway; one that opens later is brought into view.
  const openAtLoad = useRef(openVote?.id ?? null);
  useEffect(() => {
    hasVotePanel.current = isMember || isChair;
  }, [hasVotePanel, isMember, isChair]);
  return (
    <>
      {openVote && (isMember || isChair) ? (
        <VoteNow
          key={openVote.id}
          vote={openVote}
          sitting={sitting}
          userId={user.id}
          isMember={isMember}
          isChair={isChair}
          bringIntoView={openVote.id !== openAtLoad.current}
        />
      ) : null}
      <SittingView
        sitting={sitting}
        speakers={speakers}
        itemActions={(itemId) => {
          const item = sitting.items.find((i) => i.id === itemId)!;
          const mine = item.conflicts.find((c) => c.member.id === user.id);
          return (
            <>
              {isMember && mine ? (
                <p className="notice" data-testid={`my-conflict-${itemId}`}>
                  {t('council.yourConflict', { reason: mine.reason })}
                </p>
              ) : isMember && sitting.status !== 'closed' && sitting.status !== 'draft' ? (
                conflictItem === itemId ? (
                  <ConflictForm sitting={sitting} itemId={itemId} onDone={() => setConflictItem(null)} />
                ) : (
                  <button type="button" className="button button-link" onClick={() => setConflictItem(itemId)}>
                    {t('council.declareConflict')}
                    <span className="visually-hidden"> — {item.title}</span>
                  </button>
                )
              ) : null}
              {canUpload || (live && item.state === 'proposed' && (isClerk || item.proposedBy === user.id)) ? (
                <MaterialUpload sitting={sitting} item={item} />
              ) : null}
            </>
          );
        }}
      />
      <Elections sitting={sitting} userId={user.id} isMember={isMember} isChair={isChair} isClerk={isClerk} />
      <OpenDataLinks sitting={sitting} />
      {isMember ? <MemberPanel sitting={sitting} speakers={speakers} onSpeaker={onSpeaker} userId={user.id} /> : null}
      {isChair ? <ChairConsole sitting={sitting} speakers={speakers} onSpeaker={onSpeaker} /> : null}
      {isClerk ? <ClerkTools sitting={sitting} /> : null}
      {isMember || isChair || isClerk ? <RemoteSitting sitting={sitting} isChair={isChair} isClerk={isClerk} /> : null}
      {isMember || isChair || isClerk ? <VideoPanel sitting={sitting} canMute={isChair} /> : null}
      {isClerk || isChair || isMember || (roles.includes('staff') && sitting.status === 'closed') ? (
        <MinutesSection sitting={sitting} canPublish={isClerk} />
      ) : null}
      <Attendance sitting={sitting} />
    </>
  );
}
