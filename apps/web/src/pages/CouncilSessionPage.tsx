import type {
  BallotChoice,
  CouncilBodyView,
  CouncilSessionView,
  SpaceView,
  SpeakerView,
  VoteView,
} from '@egov-box/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type MutableRefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../api/client';
import { useApi } from '../api/queries';
import { useAuth } from '../auth/AuthContext';
import { useAnnounce } from '../components/Announcer';
import { ConfirmButton } from '../components/ConfirmButton';
import { PageTitle } from '../components/PageTitle';
import { LoadError, Loading } from '../components/States';
import { useRealtimeSocket } from '../realtime/RealtimeContext';
import { ActionError, useAction } from './council/actions';
import { AttendanceRegister } from './council/AttendanceRegister';
import { ChairFloor, RequestFloor, SpeakersList } from './council/Floor';
import { HallVote } from './council/HallVote';
import { MaterialUpload } from './council/Materials';
import { MinutesSection, OpenDataLinks } from './council/Minutes';
import { mergeSpeaker, outcomeKey, undecidedItems, voteBlock } from './council/model';
import { SessionView } from './council/SessionView';
import { useCouncilLive, useCouncilSession } from './council/useCouncilLive';
import { VideoPanel } from './council/Video';

const CHOICES: BallotChoice[] = ['for', 'against', 'abstain'];

export function CouncilSessionPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const key = ['council', 'sessions', id] as const;
  const session = useCouncilSession(key, `/api/council/sessions/${encodeURIComponent(id)}`);
  const socket = useRealtimeSocket();
  const announce = useAnnounce();
  // Whether this person has the vote panel at the top of the page (a member's ballot, the chair's controls).
  const hasVotePanel = useRef(false);
  const { speakers, setSpeakers } = useCouncilLive(socket, id, key, {
    loadSpeakers: () => api.get<SpeakerView[]>(`/api/council/sessions/${encodeURIComponent(id)}/speakers`),
    onVoteOpened: (v) => {
      const item = session.data?.items.find((i) => i.id === v.itemId);
      announce(
        t(hasVotePanel.current ? 'council.voteOpenedAtTop' : 'council.voteOpenedAnnounce', {
          title: item?.title ?? '',
        }),
      );
    },
    onVoteClosed: (v) =>
      v.result &&
      announce(
        t('council.voteClosedAnnounce', {
          outcome: t(outcomeKey(v.result)),
          ...v.result.counts,
        }),
      ),
  });
  const initialSpeakers = useApi<SpeakerView[]>(
    ['council', 'sessions', id, 'speakers'],
    `/api/council/sessions/${encodeURIComponent(id)}/speakers`,
    !!session.data,
  );
  useEffect(() => {
    if (initialSpeakers.data && speakers === null) setSpeakers(initialSpeakers.data);
  }, [initialSpeakers.data, speakers, setSpeakers]);

  const title = session.data?.title ?? t('council.sessionTitle');
  return (
    <>
      <PageTitle title={title}>{title}</PageTitle>
      {session.isPending ? (
        <Loading />
      ) : session.isError ? (
        <LoadError error={session.error} retry={() => void session.refetch()} />
      ) : (
        <SessionBody
          session={session.data}
          speakers={speakers ?? initialSpeakers.data ?? []}
          setSpeakers={setSpeakers}
          hasVotePanel={hasVotePanel}
        />
      )}
    </>
  );
}

function SessionBody({
  session,
  speakers,
  setSpeakers,
  hasVotePanel,
}: {
  session: CouncilSessionView;
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
  const bodyId = session.body?.id;
  const body = bodies.data?.find((b) => b.id === bodyId);
  const committee = body?.kind === 'committee' ? body : null;
  const isMember = roles.includes('councillor') && (!committee || committee.members.some((m) => m.id === user.id));
  const isChair = roles.includes('council_chair') || (!!committee && committee.chairId === user.id);
  const isClerk = roles.includes('clerk') || roles.includes('admin');
  const [conflictItem, setConflictItem] = useState<string | null>(null);
  const onSpeaker = (s: SpeakerView) => setSpeakers(mergeSpeaker(speakers, s));
  const canUpload = isClerk && (session.status === 'draft' || session.status === 'published');
  const live = session.status === 'open' || session.status === 'paused';
  const openVote = live ? (session.votes.find((v) => v.status === 'open') ?? null) : null;
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
          session={session}
          userId={user.id}
          isMember={isMember}
          isChair={isChair}
          bringIntoView={openVote.id !== openAtLoad.current}
        />
      ) : null}
      <SessionView
        session={session}
        speakers={speakers}
        itemActions={(itemId) => {
          const item = session.items.find((i) => i.id === itemId)!;
          const mine = item.conflicts.find((c) => c.member.id === user.id);
          return (
            <>
              {isMember && mine ? (
                <p className="notice" data-testid={`my-conflict-${itemId}`}>
                  {t('council.yourConflict', { reason: mine.reason })}
                </p>
              ) : isMember && session.status !== 'closed' && session.status !== 'draft' ? (
                conflictItem === itemId ? (
                  <ConflictForm session={session} itemId={itemId} onDone={() => setConflictItem(null)} />
                ) : (
                  <button type="button" className="button button-link" onClick={() => setConflictItem(itemId)}>
                    {t('council.declareConflict')}
                    <span className="visually-hidden"> — {item.title}</span>
                  </button>
                )
              ) : null}
              {canUpload ? <MaterialUpload session={session} item={item} /> : null}
            </>
          );
        }}
      />
      <OpenDataLinks session={session} />
      {isMember ? <MemberPanel session={session} speakers={speakers} onSpeaker={onSpeaker} userId={user.id} /> : null}
      {isChair ? <ChairConsole session={session} speakers={speakers} onSpeaker={onSpeaker} /> : null}
      {isClerk ? <ClerkTools session={session} /> : null}
      {isMember || isChair || isClerk ? <VideoPanel session={session} canMute={isChair} /> : null}
      {isClerk || isChair || isMember || (roles.includes('staff') && session.status === 'closed') ? (
        <MinutesSection session={session} canPublish={isClerk} />
      ) : null}
      <Attendance session={session} />
    </>
  );
}

function ConflictForm({
  session,
  itemId,
  onDone,
}: {
  session: CouncilSessionView;
  itemId: string;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [reason, setReason] = useState('');
  const { run, pending, error } = useAction();
  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        run(
          {
            path: `/api/council/sessions/${session.id}/items/${itemId}/conflicts`,
            body: { reason },
            done: t('council.conflictDeclared'),
          },
          { onSuccess: onDone },
        );
      }}
    >
      <div className="field">
        <label htmlFor={id}>{t('council.conflictReason')}</label>
        <input
          id={id}
          value={reason}
          required
          maxLength={2000}
          // The form replaces the button that opened it: keep the keyboard user's place.
          autoFocus
          onChange={(e) => setReason(e.target.value)}
        />
      </div>
      <ActionError error={error} />
      <button type="submit" className="button button-primary" disabled={pending || !reason.trim()}>
        {t('council.declareConflict')}
      </button>{' '}
      <button type="button" className="button button-secondary" onClick={onDone}>
        {t('common.cancel')}
      </button>
    </form>
  );
}

function MemberPanel({
  session,
  speakers,
  onSpeaker,
  userId,
}: {
  session: CouncilSessionView;
  speakers: SpeakerView[];
  onSpeaker: (s: SpeakerView) => void;
  userId: string;
}) {
  const { t } = useTranslation();
  const me = session.attendance.find((a) => a.member.id === userId);
  const present = !!me?.present;
  const { run, pending, error } = useAction();
  const open = session.votes.find((v) => v.status === 'open') ?? null;
  const mySpeech = speakers.find(
    (s) => s.member.id === userId && (s.status === 'requested' || s.status === 'speaking'),
  );
  const live = session.status === 'open' || session.status === 'paused';
  return (
    <section className="card" aria-labelledby="member-heading">
      <h2 id="member-heading">{t('council.myParticipation')}</h2>
      <p data-testid="my-attendance">{present ? t('council.youArePresent') : t('council.youAreAbsent')}</p>
      <div className="actions">
        <button
          type="button"
          className="button button-secondary"
          disabled={pending || session.status === 'closed' || session.status === 'draft'}
          onClick={() =>
            run({
              path: `/api/council/sessions/${session.id}/attendance`,
              body: { present: !present },
              done: present ? t('council.checkedOut') : t('council.checkedIn'),
            })
          }
        >
          {present ? t('council.checkOut') : t('council.checkIn')}
        </button>
        {mySpeech ? (
          mySpeech.status === 'requested' ? (
            <button
              type="button"
              className="button button-secondary"
              disabled={pending}
              onClick={() =>
                run({
                  path: `/api/council/speakers/${mySpeech.id}/withdraw`,
                  done: t('council.floorWithdrawn'),
                  onData: (d) => onSpeaker(d as SpeakerView),
                })
              }
            >
              {t('council.withdrawFloor')}
            </button>
          ) : (
            <span data-testid="my-floor">{t('council.youAreSpeaking')}</span>
          )
        ) : null}
      </div>
      {!mySpeech ? (
        <RequestFloor sessionId={session.id} disabled={session.status !== 'open'} onRequested={onSpeaker} />
      ) : null}
      <ActionError error={error} />
      {live && open ? <JumpToVote /> : <p className="muted">{t('council.noOpenVote')}</p>}
      <SpeakersList speakers={speakers} />
    </section>
  );
}

/** Where the focus is someone's own: typing in a field or choosing in a list. */
function isMidAction(el: Element | null): boolean {
  if (!el || el === document.body) return false;
  if (el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) return true;
  if (el instanceof HTMLInputElement) return !['button', 'submit', 'reset'].includes(el.type);
  return el instanceof HTMLElement && (el.isContentEditable || !!el.closest('dialog, [role="dialog"]'));
}

/** Moves the focus to the open vote's heading at the top of the page. */
function focusVoteNow() {
  const heading = document.getElementById('vote-now-heading');
  heading?.focus({ preventScroll: true });
  heading?.closest('section')?.scrollIntoView({ block: 'start' });
}

/** In the member's panel and the chair's console while a vote is open: the vote is at the top. */
function JumpToVote() {
  const { t } = useTranslation();
  return (
    <p>
      <button type="button" className="button button-link" onClick={focusVoteNow}>
        {t('council.voteNowJump')}
      </button>
    </p>
  );
}

/**
 * The open vote at the top of the page: the member's ballot and the chair's controls for it.
 * When a vote opens while the page is open, the panel comes into view and takes the focus
 * (its heading), unless the person is typing or choosing somewhere else — then it only is
 * announced (the page's live region says the ballot is at the top).
 */
function VoteNow({
  vote,
  session,
  userId,
  isMember,
  isChair,
  bringIntoView,
}: {
  vote: VoteView;
  session: CouncilSessionView;
  userId: string;
  isMember: boolean;
  isChair: boolean;
  bringIntoView: boolean;
}) {
  const { t } = useTranslation();
  const item = session.items.find((i) => i.id === vote.itemId);
  useEffect(() => {
    if (bringIntoView && !isMidAction(document.activeElement)) focusVoteNow();
  }, [bringIntoView]);
  return (
    <section className="card vote-now" aria-labelledby="vote-now-heading" data-testid="vote-now">
      <h2 id="vote-now-heading" tabIndex={-1}>
        {t('council.voteOn', { title: item?.title ?? '' })}
      </h2>
      {/* What to press first (in the first screen on a phone too), then what the vote stands on. */}
      {isMember ? <Ballot vote={vote} session={session} userId={userId} /> : null}
      {isChair ? <ChairVoteControls vote={vote} session={session} /> : null}
      <p className="muted">
        {t(`council.voteMode.${vote.mode}`)} · {t('council.ballotsCast', { count: vote.ballotsCast })}
      </p>
      {vote.atOpen ? (
        <p className="muted" data-testid="vote-base">
          {t('council.atOpen', {
            present: vote.atOpen.present,
            entitled: vote.atOpen.entitled,
            required: vote.atOpen.required,
            seats: vote.atOpen.seats,
          })}
        </p>
      ) : null}
      {vote.counts ? (
        <p data-testid="live-counts" aria-live="polite">
          {t('council.counts', { ...vote.counts })}
        </p>
      ) : null}
    </section>
  );
}

/** The member's ballot: their choice so far and the three buttons (or why they cannot vote). */
function Ballot({ vote, session, userId }: { vote: VoteView; session: CouncilSessionView; userId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const item = session.items.find((i) => i.id === vote.itemId);
  const mine = useApi<VoteView>(['council', 'votes', vote.id], `/api/council/votes/${vote.id}`);
  const myChoice = mine.data?.mine?.choice ?? vote.mine?.choice ?? null;
  const voted = mine.data?.mine?.voted ?? vote.mine?.voted ?? false;
  const { run, pending, error } = useAction();
  const block = voteBlock(session, item, userId);
  const blockId = useId();
  const hintId = useId();
  const secret = vote.mode === 'secret' && !block.blocked;
  return (
    <div role="group" aria-labelledby="vote-now-heading" aria-describedby={secret ? hintId : undefined}>
      {block.blocked ? (
        <p id={blockId} className="notice" data-testid="vote-blocked">
          {block.reason === 'conflict'
            ? t('council.cannotVoteConflict', { reason: block.detail })
            : t('council.cannotVoteAbsent')}
        </p>
      ) : (
        <p data-testid="my-ballot">
          {voted
            ? t('council.yourVote', { choice: myChoice ? t(`council.choice.${myChoice}`) : t('council.secretChoice') })
            : t('council.notVoted')}
        </p>
      )}
      <div className="actions">
        {CHOICES.map((c) => (
          <button
            key={c}
            type="button"
            className={myChoice === c ? 'button button-primary' : 'button button-secondary'}
            aria-pressed={myChoice === c}
            aria-describedby={block.blocked ? blockId : undefined}
            disabled={pending || block.blocked}
            onClick={() =>
              run({
                path: `/api/council/votes/${vote.id}/ballots`,
                body: { choice: c },
                done: t('council.ballotCast', { choice: t(`council.choice.${c}`) }),
                onData: (d) => queryClient.setQueryData(['council', 'votes', vote.id], d),
              })
            }
          >
            {t(`council.choice.${c}`)}
          </button>
        ))}
      </div>
      {secret ? (
        <p id={hintId} className="muted">
          {t('council.secretHint')}
        </p>
      ) : null}
      <ActionError error={error} />
    </div>
  );
}

/** The chair's controls for the open vote, beside the ballot. */
function ChairVoteControls({ vote, session }: { vote: VoteView; session: CouncilSessionView }) {
  const { t } = useTranslation();
  const { run, pending, error } = useAction();
  const q = session.quorum;
  const title = session.items.find((i) => i.id === vote.itemId)?.title ?? '';
  return (
    <div role="group" aria-label={t('council.voteNowChair')}>
      <div className="actions">
        {/* The close decides the vote on that moment's facts (the quorum too): asked first. */}
        <ConfirmButton
          disabled={pending}
          title={t('council.confirm.closeVoteTitle')}
          message={
            <>
              <p>{t('council.confirm.closeVoteBody', { title, count: vote.ballotsCast })}</p>
              {q.reached ? null : (
                <p className="notice">
                  {t('council.confirm.closeVoteNoQuorum', { present: q.present, total: q.total, required: q.required })}
                </p>
              )}
            </>
          }
          confirmLabel={t('council.closeVote')}
          onConfirm={() => run({ path: `/api/council/votes/${vote.id}/close`, done: t('council.done.voteClosed') })}
        >
          {t('council.closeVote')}
        </ConfirmButton>
      </div>
      <ActionError error={error} />
    </div>
  );
}

function ChairConsole({
  session,
  speakers,
  onSpeaker,
}: {
  session: CouncilSessionView;
  speakers: SpeakerView[];
  onSpeaker: (s: SpeakerView) => void;
}) {
  const { t } = useTranslation();
  const { run, pending, error } = useAction();
  const base = `/api/council/sessions/${session.id}`;
  const items = [...session.items].sort((a, b) => a.position - b.position);
  const currentIndex = items.findIndex((i) => i.id === session.currentItemId);
  const next = items[currentIndex + 1] ?? null;
  const open = session.votes.find((v) => v.status === 'open') ?? null;
  const step = (path: string, done: string) => () => run({ path, done });
  // Without quorum the server refuses a vote (409 no_quorum): say so at the button, live.
  const q = session.quorum;
  const whyId = useId();
  const endId = useId();
  const noQuorum = !q.reached;
  return (
    <section className="card" aria-labelledby="chair-heading">
      <h2 id="chair-heading">{t('council.chairConsole')}</h2>
      <div className="actions">
        {session.status === 'published' ? (
          <ConfirmButton
            disabled={pending}
            title={t('council.confirm.openTitle')}
            message={
              <p>{t('council.confirm.openBody', { present: q.present, total: q.total, required: q.required })}</p>
            }
            confirmLabel={t('council.open')}
            onConfirm={step(`${base}/open`, t('council.done.opened'))}
          >
            {t('council.open')}
          </ConfirmButton>
        ) : null}
        {session.status === 'open' ? (
          <button
            type="button"
            className="button button-secondary"
            disabled={pending}
            onClick={step(`${base}/pause`, t('council.done.paused'))}
          >
            {t('council.pause')}
          </button>
        ) : null}
        {session.status === 'paused' ? (
          <button
            type="button"
            className="button button-secondary"
            disabled={pending}
            onClick={step(`${base}/resume`, t('council.done.resumed'))}
          >
            {t('council.resume')}
          </button>
        ) : null}
      </div>
      {session.status === 'open' ? (
        <div className="actions">
          {next ? (
            <button
              type="button"
              className="button button-secondary"
              disabled={pending || !!open}
              onClick={step(`${base}/items/${next.id}/activate`, t('council.done.activated', { title: next.title }))}
            >
              {t('council.nextItem', { title: next.title })}
            </button>
          ) : null}
          {open ? null : session.currentItemId ? (
            <button
              type="button"
              className="button button-primary"
              // Focusable while unavailable, so the keyboard reaches it and hears why.
              aria-disabled={noQuorum || undefined}
              aria-describedby={noQuorum ? whyId : undefined}
              disabled={pending}
              onClick={() =>
                noQuorum ||
                run({
                  path: `${base}/votes`,
                  // Announced when the vote arrives live (with where its ballot is), not twice.
                  body: { itemId: session.currentItemId },
                })
              }
            >
              {t('council.openVote')}
            </button>
          ) : null}
        </div>
      ) : null}
      {session.status === 'open' && !open && session.currentItemId && noQuorum ? (
        <p id={whyId} className="notice" data-testid="open-vote-unavailable">
          {t('council.openVoteNoQuorum', { present: q.present, total: q.total, required: q.required })}
        </p>
      ) : null}
      {open && session.status === 'open' ? <JumpToVote /> : null}
      <ActionError error={error} />
      <ChairFloor speakers={speakers} sessionOpen={session.status === 'open'} onChanged={onSpeaker} />
      {session.status === 'open' || session.status === 'paused' ? (
        // Far from „Прекъсни заседанието“ and set apart: closing cannot be undone.
        <div className="chair-end" role="group" aria-labelledby={endId}>
          <h3 id={endId}>{t('council.confirm.closeSessionGroup')}</h3>
          <p className="muted">{t('council.confirm.closeSessionHint')}</p>
          <ConfirmButton
            className="button button-danger-quiet"
            danger
            disabled={pending}
            title={t('council.confirm.closeSessionTitle')}
            message={<CloseSessionMessage session={session} />}
            confirmLabel={t('council.closeSession')}
            onConfirm={step(`${base}/close`, t('council.done.closed'))}
          >
            {t('council.closeSession')}
          </ConfirmButton>
        </div>
      ) : null}
    </section>
  );
}

/** What closing the sitting does: „Заседанието ще бъде закрито. Точки 3 и 4 не са гласувани…“ */
function CloseSessionMessage({ session }: { session: CouncilSessionView }) {
  const { t, i18n } = useTranslation();
  const left = undecidedItems(session);
  const list = new Intl.ListFormat(i18n.language, { style: 'long', type: 'conjunction' }).format(left.map(String));
  return (
    <>
      <p>
        {t('council.confirm.closeSessionBody')}{' '}
        {left.length === 0
          ? t('council.confirm.allVoted')
          : t(left.length === 1 ? 'council.confirm.unvotedOne' : 'council.confirm.unvotedMany', { items: list })}
      </p>
      <p>{t('council.confirm.closeSessionFinal')}</p>
    </>
  );
}

function ClerkTools({ session }: { session: CouncilSessionView }) {
  const { t } = useTranslation();
  const { run, pending, error } = useAction();
  const spaces = useApi<SpaceView[]>(['spaces', 'personal'], '/api/spaces?kind=personal');
  const bodies = useApi<CouncilBodyView[]>(['council', 'bodies'], '/api/council/bodies');
  // The members of the body that meets (a committee's members); all councillors while the
  // bodies load or when the session names no body.
  const bodyId = session.body?.id;
  const bodyMembers = bodies.data?.find((b) => b.id === bodyId)?.members;
  const members = (
    bodyMembers ??
    (spaces.data ?? [])
      .map((s) => s.owner)
      .filter((o): o is NonNullable<typeof o> => !!o && (o.roles as string[]).includes('councillor'))
  ).sort((a, b) => a.displayName.localeCompare(b.displayName, 'bg'));
  const open = session.votes.find((v) => v.status === 'open' && v.mode !== 'secret');
  return (
    <section className="card" aria-labelledby="clerk-heading">
      <h2 id="clerk-heading">{t('council.clerkTools')}</h2>
      {session.status === 'draft' ? (
        <p className="actions">
          <Link className="button button-secondary" to={`/council/${session.id}/edit`} data-testid="edit-session">
            {t('council.editor.edit')}
          </Link>{' '}
          <ConfirmButton
            disabled={pending}
            title={t('council.confirm.publishTitle')}
            message={<p>{t('council.confirm.publishBody')}</p>}
            confirmLabel={t('council.publish')}
            onConfirm={() =>
              run({ path: `/api/council/sessions/${session.id}/publish`, done: t('council.done.published') })
            }
          >
            {t('council.publish')}
          </ConfirmButton>
        </p>
      ) : (
        <p className="muted" data-testid="agenda-frozen">
          {t('council.editor.frozenShort')}
        </p>
      )}
      {session.status === 'open' || session.status === 'paused' || session.status === 'published' ? (
        <AttendanceRegister session={session} members={members} />
      ) : null}
      <ActionError error={error} />
      {open ? <HallVote session={session} vote={open} /> : null}
    </section>
  );
}

function Attendance({ session }: { session: CouncilSessionView }) {
  const { t } = useTranslation();
  const present = session.attendance.filter((a) => a.present);
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
