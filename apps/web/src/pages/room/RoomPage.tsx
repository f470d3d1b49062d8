import type { KnockView, SpaceJoinResponse, SpaceView, UserView } from '@egov-box/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate, useParams, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { useUser } from '../../auth/AuthContext';
import { useAnnounce } from '../../components/Announcer';
import { PageTitle } from '../../components/PageTitle';
import { LoadError, Loading, useErrorMessage } from '../../components/States';
import { formatTime, type Language } from '../../format/datetime';
import { useConnectionStatus, useRealtimeEvent, useWatchRooms } from '../../realtime/RealtimeContext';
import { KnocksSection } from '../dashboard/KnocksSection';
import { MY_ROOM_KEY } from '../dashboard/MyRoomSection';
import { DoorSwitch } from './DoorSwitch';
import {
  canKnock,
  entryAfterDoorChange,
  entryFromJoinError,
  entryFromKnockError,
  knockOutcome,
  type Entry,
} from './roomState';
import './room.css';

// LiveKit and its components are large: load them only when a room is entered.
const VideoRoom = lazy(() => import('./VideoRoom'));

/**
 * What the page was opened to do, chosen by the person before they came: enter the video
 * (a meeting's "join" link, `?meeting=…`, or `state.enter` from the people directory) or
 * knock (`state.knock`). Without it the page only shows the room and waits for a choice.
 */
export interface RoomPageIntent {
  enter?: boolean;
  knock?: boolean;
}

/** A room (`/rooms/me` is my own): its video, and the door and knock queue for the owner. */
export function RoomPage() {
  const { t } = useTranslation();
  const { id = 'me' } = useParams();
  const path = id === 'me' ? '/api/rooms/me' : `/api/spaces/${encodeURIComponent(id)}`;
  const key = id === 'me' ? MY_ROOM_KEY : ['spaces', id];
  // Always asked again on opening: a door seen minutes ago may have changed since.
  const room = useQuery<SpaceView>({
    queryKey: key,
    queryFn: ({ signal }) => api.get<SpaceView>(path, { signal }),
    refetchOnMount: 'always',
  });
  const queryClient = useQueryClient();
  const me = useUser();
  const announce = useAnnounce();
  // The owner's door, live: the owner's other tabs and everyone watching the room hear it.
  const roomId = room.data?.kind === 'personal' ? room.data.id : null;
  // Asked again once watched: a door changed between the first answer and the watch was
  // pushed to nobody.
  useWatchRooms(roomId ? [roomId] : [], () => void room.refetch());
  useRealtimeEvent('room.door.changed', (e) => {
    if (e.spaceId !== roomId) return;
    queryClient.setQueryData<SpaceView>(key, (prev) => (prev ? { ...prev, door: e.door } : prev));
    const owner = room.data?.owner;
    if (owner && owner.id !== me.id)
      announce(t('room.doorChanged', { name: owner.displayName, state: t(`door.${e.door}`) }));
  });
  const title = room.data?.name ?? (id === 'me' ? t('nav.myRoom') : t('room.title'));
  return (
    <>
      <PageTitle title={title}>{title}</PageTitle>
      {room.isPending ? (
        <Loading />
      ) : room.isError ? (
        <LoadError error={room.error} retry={() => void room.refetch()} />
      ) : (
        <RoomView key={room.data.id} room={room.data} />
      )}
    </>
  );
}

function RoomView({ room }: { room: SpaceView }) {
  const { t } = useTranslation();
  const me = useUser();
  const mine = room.owner?.id === me.id;
  return (
    <div className={mine ? 'room-layout' : undefined}>
      <div>
        <section className="card room-about" aria-labelledby="room-about-heading">
          <h2 id="room-about-heading" className="visually-hidden">
            {t('room.about')}
          </h2>
          {room.owner ? <p>{mine ? t('room.yours') : t('room.owner', { name: room.owner.displayName })}</p> : null}
          {room.door ? (
            <p>
              {t('door.label')}: {t(`door.${room.door}`)}
            </p>
          ) : null}
          {room.location ? <p>{t('common.location', { location: room.location })}</p> : null}
          {room.kind !== 'personal' && room.capacity ? <p>{t('common.capacity', { count: room.capacity })}</p> : null}
          {mine ? null : (
            <p data-testid="room-participants">
              {room.participants.length
                ? t('room.inside', { names: room.participants.map((p) => p.displayName).join(', ') })
                : t('room.nobodyInside')}
            </p>
          )}
        </section>
        {mine ? <PeopleInside room={room} /> : null}
        <VideoSection room={room} mine={mine} />
      </div>
      {mine ? (
        <div>
          <DoorSwitch room={room} />
          <KnocksSection />
        </div>
      ) : null}
    </div>
  );
}

/**
 * The owner's list of who is in the room's video now (kept live by `room.occupancy`), with
 * a button to mute each one's microphone and one to remove them.
 */
function PeopleInside({ room }: { room: SpaceView }) {
  const { t } = useTranslation();
  const me = useUser();
  const announce = useAnnounce();
  const errorMessage = useErrorMessage();
  const [people, setPeople] = useState<UserView[]>(room.participants);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  useRealtimeEvent('room.occupancy', (e) => {
    if (e.spaceId === room.id) setPeople(e.participants);
  });
  const act = async (person: UserView, what: 'mute' | 'remove') => {
    setBusy(`${what}:${person.id}`);
    setError(null);
    try {
      await api.post(`/api/spaces/${room.id}/participants/${encodeURIComponent(person.id)}/${what}`, {});
      announce(t(what === 'mute' ? 'room.people.muted' : 'room.people.removed', { name: person.displayName }));
      if (what === 'remove') setPeople((list) => list.filter((p) => p.id !== person.id));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(null);
    }
  };
  return (
    <section className="card" aria-labelledby="room-people-heading" data-testid="room-people">
      <h2 id="room-people-heading">{t('room.people.heading')}</h2>
      {people.length ? (
        <ul className="room-people">
          {people.map((p) => (
            <li key={p.id}>
              <span>{p.id === me.id ? t('room.you', { name: p.displayName }) : p.displayName}</span>
              {p.id === me.id ? null : (
                <span className="room-people-actions">
                  {(['mute', 'remove'] as const).map((what) => (
                    <button
                      key={what}
                      type="button"
                      className="button button-secondary"
                      disabled={busy !== null}
                      onClick={() => void act(p, what)}
                    >
                      {t(`room.people.${what}`, { name: p.displayName })}
                    </button>
                  ))}
                </span>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('room.nobodyInside')}</p>
      )}
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
    </section>
  );
}

/** Joining the video: a token, or knock and wait, or why not. */
function VideoSection({ room, mine }: { room: SpaceView; mine: boolean }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Language;
  const me = useUser();
  const announce = useAnnounce();
  const errorMessage = useErrorMessage();
  const [entry, setEntry] = useState<Entry>({ kind: 'idle' });
  const [knockExpiresAt, setKnockExpiresAt] = useState<string | null>(null);
  const attempts = useRef(0);
  const owner = room.owner?.displayName ?? room.name;

  const join = useCallback(
    async (silent = false) => {
      if (!silent) setEntry({ kind: 'joining' });
      try {
        const answer = await api.post<SpaceJoinResponse>(`/api/spaces/${room.id}/join`);
        attempts.current += 1;
        setEntry({ kind: 'in', join: answer, attempt: attempts.current });
      } catch (err) {
        if (!silent) setEntry(entryFromJoinError(err));
      }
    },
    [room.id],
  );

  // No token when the page opens (a knock door would answer 403, a server without video 503):
  // only when the person chose to enter, here or on the link that brought them (the ref keeps
  // a double effect from asking twice; the choice is dropped from the history entry once used).
  const location = useLocation();
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const intent = (location.state ?? {}) as RoomPageIntent;
  const acted = useRef(false);
  useEffect(() => {
    if (acted.current) return;
    acted.current = true;
    if (intent.enter || search.has('meeting')) void join();
    // The door is the server's to judge (the list the person came from may be a little old).
    else if (intent.knock && room.kind === 'personal' && !mine) void knock('');
    if (intent.enter || intent.knock)
      void navigate(location.pathname + location.search, { replace: true, state: null });
  }, []);

  // The owner changed the door while I look at the room: what I may do now follows it.
  const door = room.door;
  const lastDoor = useRef(door);
  useEffect(() => {
    if (lastDoor.current === door || !door) return;
    lastDoor.current = door;
    setEntry((e) => entryAfterDoorChange(e, door));
  }, [door]);

  useRealtimeEvent('knock.resolved', (e) => {
    const outcome = knockOutcome(e, entry, room.id, me.id);
    if (outcome === 'join') {
      announce(t('room.knock.admitted', { name: owner }));
      void join();
    } else if (outcome) {
      setEntry(outcome);
      announce(t(outcome.kind === 'denied' ? 'room.knock.denied' : 'room.knock.expired', { name: owner }));
    }
  });

  // Events missed while the socket was down are not replayed: after a reconnect a waiting
  // visitor asks the door again (quietly: still waiting unless the knock was let in).
  const status = useConnectionStatus();
  const previous = useRef(status);
  useEffect(() => {
    const was = previous.current;
    previous.current = status;
    if (status === 'live' && was === 'reconnecting' && entry.kind === 'knocking') void join(true);
  }, [status, entry.kind, join]);

  // The server announces an expired knock; should that event be lost, the waiting screen
  // still ends: a little after the expiry the door is asked again.
  useEffect(() => {
    if (entry.kind !== 'knocking' || !knockExpiresAt) return;
    const timer = setTimeout(
      () => {
        api
          .post<SpaceJoinResponse>(`/api/spaces/${room.id}/join`)
          .then((answer) => {
            attempts.current += 1;
            setEntry({ kind: 'in', join: answer, attempt: attempts.current });
          })
          .catch((err: unknown) => {
            const next = entryFromJoinError(err);
            setEntry(next.kind === 'knock_required' ? { kind: 'expired' } : next);
          });
      },
      Math.max(0, Date.parse(knockExpiresAt) - Date.now()) + 5000,
    );
    return () => clearTimeout(timer);
  }, [entry, knockExpiresAt, room.id]);

  const knock = async (message: string): Promise<string | null> => {
    try {
      const k = await api.post<KnockView>(`/api/spaces/${room.id}/knocks`, message ? { message } : {});
      setKnockExpiresAt(k.expiresAt);
      setEntry({ kind: 'knocking', knockId: k.id });
      announce(t('room.knock.sent', { name: owner }));
      return null;
    } catch (err) {
      const next = entryFromKnockError(err);
      if (next.kind === 'error') return errorMessage(err);
      setKnockExpiresAt(null);
      setEntry(next);
      return null;
    }
  };

  // When the state changes under the keyboard focus (the pressed button is gone), the focus
  // moves to the new state instead of falling back to the top of the page.
  const bodyRef = useRef<HTMLDivElement>(null);
  const settled = useRef(false);
  useEffect(() => {
    // Not for the door's first answer when the page opens.
    if (!settled.current) {
      settled.current = entry.kind !== 'joining';
      return;
    }
    const active = document.activeElement;
    if (entry.kind !== 'joining' && (!active || active === document.body || bodyRef.current?.contains(active))) {
      bodyRef.current?.focus();
    }
  }, [entry.kind]);

  const retry = (
    <button type="button" className="button button-secondary" onClick={() => void join()}>
      {t('common.retry')}
    </button>
  );

  const enter = (primary: boolean) => (
    <button
      type="button"
      className={`button ${primary ? 'button-primary' : 'button-secondary'}`}
      onClick={() => void join()}
      data-testid="room-enter"
    >
      {t('room.enter')}
    </button>
  );

  let body;
  switch (entry.kind) {
    case 'idle':
      body =
        room.kind !== 'personal' || mine || room.door === 'open' ? (
          <>
            <p>
              {mine
                ? t('room.enterMine')
                : room.kind === 'personal'
                  ? t('room.enterOpen', { name: owner })
                  : t('room.enterHall')}
            </p>
            {enter(true)}
          </>
        ) : room.door === 'knock' ? (
          <>
            <p>{t('room.knock.required', { name: owner })}</p>
            <KnockForm again={false} onKnock={knock} />
            <p className="muted">{t('room.enterIfAllowed')}</p>
            {enter(false)}
          </>
        ) : (
          <p className="notice">{t('room.doorClosed', { name: owner })}</p>
        );
      break;
    case 'joining':
      body = (
        <p className="state state-loading" role="status">
          {t('room.joining')}
        </p>
      );
      break;
    case 'in':
      body = (
        <Suspense fallback={<Loading />}>
          <VideoRoom
            key={entry.attempt}
            join={entry.join}
            myName={me.displayName}
            onLeft={() => {
              setEntry({ kind: 'left' });
              announce(t('room.left'));
            }}
            onFailed={(reason, message) => setEntry({ kind: 'failed', reason, message })}
          />
        </Suspense>
      );
      break;
    case 'video_unavailable':
      body = (
        <div className="state state-unavailable" data-testid="video-unavailable">
          <p className="state-title">{t('room.videoUnavailable.title')}</p>
          <p>{t(mine ? 'room.videoUnavailable.owner' : 'room.videoUnavailable.visitor')}</p>
          {retry}
        </div>
      );
      break;
    case 'knock_required':
    case 'denied':
    case 'expired':
      body = (
        <>
          {entry.kind === 'knock_required' ? (
            <p>{t('room.knock.required', { name: owner })}</p>
          ) : (
            <p className="notice" role="alert">
              {t(entry.kind === 'denied' ? 'room.knock.denied' : 'room.knock.expired', { name: owner })}
            </p>
          )}
          {canKnock(entry) ? <KnockForm again={entry.kind !== 'knock_required'} onKnock={knock} /> : null}
        </>
      );
      break;
    case 'knocking':
      body = (
        <div className="waiting" role="status" data-testid="knock-waiting">
          <p className="waiting-title">{t('room.knock.waiting')}</p>
          <p>{t('room.knock.waitingFor', { name: owner })}</p>
          {knockExpiresAt ? (
            <p className="muted">{t('room.knock.until', { time: formatTime(knockExpiresAt, lang) })}</p>
          ) : null}
        </div>
      );
      break;
    case 'door_closed':
      body = (
        <>
          <p className="notice">{t('room.doorClosed', { name: owner })}</p>
          {retry}
        </>
      );
      break;
    case 'not_invited':
      body = (
        <>
          <p className="notice">{t('room.notInvited')}</p>
          {retry}
        </>
      );
      break;
    case 'left':
      body = (
        <>
          <p>{t('room.left')}</p>
          <button type="button" className="button button-primary" onClick={() => void join()}>
            {t('room.enterAgain')}
          </button>
        </>
      );
      break;
    case 'failed':
      body = (
        <div className="state state-error" role="alert" data-testid="video-failed">
          <p>{t(entry.reason === 'connection' ? 'room.failed.connection' : 'room.failed.dropped')}</p>
          {entry.message ? <p className="muted">{t('room.failed.detail', { detail: entry.message })}</p> : null}
          {retry}
        </div>
      );
      break;
    case 'error':
      body = <LoadError error={entry.error} retry={() => void join()} />;
      break;
  }

  return (
    <section className="card" aria-labelledby="video-heading">
      <h2 id="video-heading">{t('room.video')}</h2>
      <div ref={bodyRef} tabIndex={-1} className="video-body">
        {body}
      </div>
    </section>
  );
}

function KnockForm({ again, onKnock }: { again: boolean; onKnock: (message: string) => Promise<string | null> }) {
  const { t } = useTranslation();
  const id = useId();
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className="knock-form"
      onSubmit={(e) => {
        e.preventDefault();
        setBusy(true);
        void onKnock(message.trim()).then((err) => {
          setBusy(false);
          setError(err);
        });
      }}
    >
      <div className="field">
        <label htmlFor={id}>{t('room.knock.message')}</label>
        <textarea id={id} rows={2} maxLength={500} value={message} onChange={(e) => setMessage(e.target.value)} />
      </div>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <button type="submit" className="button button-primary" disabled={busy}>
        {again ? t('room.knock.again') : t('room.knock.button')}
      </button>
    </form>
  );
}
