import type { CouncilSessionView, SpeakerView, VoteView } from '@egov-box/contracts';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatRange, formatTime, isoInSofia, type Language } from '../../format/datetime';
import { SpeakerTime, useReceivedAt } from './Floor';
import { MaterialsList } from './Materials';
import { SittingChanges } from './SittingChanges';
import { ClosedDoorNote } from './ClosedDoor';
import { AgendaItemChanges, VoteDetails, voteTitle } from './Procedure';
import './council.css';
import { bodyName, outcomeKey } from './model';

/** Title block, quorum, agenda, speaker and results (shared by the councillors' and the public view). */
export function SittingView({
  sitting,
  speakers,
  itemActions,
  liveVote = false,
}: {
  sitting: CouncilSessionView;
  speakers?: SpeakerView[] | null;
  /** Extra controls under an agenda item (conflict declaration for members). */
  itemActions?: (itemId: string) => ReactNode;
  /** The open vote as it runs (the public page; members have their ballot and the chair's console). */
  liveVote?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Language;
  const items = [...(sitting.items ?? [])].sort((a, b) => a.position - b.position);
  // A current item only while the sitting runs: a closed one has none (its last item is no longer „current“).
  const live = sitting.status === 'open' || sitting.status === 'paused';
  const current = live ? (items.find((i) => i.id === sitting.currentItemId) ?? null) : null;
  const speaking = speakers?.find((s) => s.status === 'speaking') ?? null;
  const receivedAt = useReceivedAt(speakers);
  const body = sitting.body;
  return (
    <>
      <div className="card">
        {body ? <p data-testid="session-body">{bodyName(body, t)}</p> : null}
        <p data-testid="session-status">
          {t('council.statusLabel', { status: t(`council.sittingStatus.${sitting.status}`) })}
        </p>
        <p>
          <time dateTime={isoInSofia(sitting.startsAt)}>{formatRange(sitting.startsAt, sitting.endsAt, lang)}</time>
        </p>
        {sitting.publishedAt ? (
          <p className="muted" data-testid="session-published">
            {t('council.publishedOn')}{' '}
            <time dateTime={isoInSofia(sitting.publishedAt)}>{formatDateTime(sitting.publishedAt, lang)}</time>
          </p>
        ) : null}
        {sitting.extraordinary ? (
          <p data-testid="session-extraordinary">
            <strong>{t('council.extraordinary')}</strong>
            {sitting.extraordinaryReason
              ? ` — ${t('council.extraordinaryReason')}: ${sitting.extraordinaryReason}`
              : null}
          </p>
        ) : null}
        <ClosedDoorNote closedDoor={sitting.closedDoor} of="sitting" />
        <SittingChanges changes={sitting.changes} />
        {sitting.description ? <p>{sitting.description}</p> : null}
        {/* A current item only while the sitting runs: before it opens and after it closes there is none. */}
        {live ? (
          <p data-testid="current-item">
            <strong>{t('council.currentItem')}:</strong>{' '}
            {current ? `${current.position}. ${current.title}` : t('council.noCurrentItem')}
          </p>
        ) : null}
        {speakers !== undefined ? (
          <p data-testid="current-speaker" aria-live="polite">
            <strong>{t('council.currentSpeaker')}:</strong>{' '}
            {speaking ? (
              <>
                {speaking.member.displayName} — {t(`council.speakerKind.${speaking.kind}`)} (
                <SpeakerTime speaker={speaking} receivedAt={receivedAt} />)
              </>
            ) : speakers === null ? (
              <span className="muted">{t('council.speakerUnknown')}</span>
            ) : (
              t('council.nobodySpeaking')
            )}
          </p>
        ) : null}
      </div>
      <Quorum sitting={sitting} />
      {liveVote ? <OpenVote sitting={sitting} /> : null}
      <section className="card" aria-labelledby="agenda-heading">
        <h2 id="agenda-heading">{t('council.agenda')}</h2>
        {items.length === 0 ? (
          <p className="empty">{t('council.noAgenda')}</p>
        ) : (
          <ol className="agenda">
            {items.map((item) => (
              <li key={item.id} aria-current={item.id === current?.id ? 'step' : undefined}>
                {item.title}
                {item.rapporteur ? <span className="muted"> — {item.rapporteur}</span> : null}
                {item.id === current?.id ? <span className="badge"> {t('council.currentBadge')}</span> : null}
                <span className="muted">
                  {' '}
                  ({t(`council.voteMode.${item.voteMode}`)}, {t(`council.majority.${item.majority}`)})
                </span>
                {item.legalBasis ? (
                  <p className="muted legal-basis">{t('council.legalBasisOf', { basis: item.legalBasis })}</p>
                ) : null}
                {item.conflicts.length > 0 ? (
                  <ul className="muted">
                    {item.conflicts.map((c) => (
                      <li key={c.member.id}>
                        {t('council.conflictOf', { name: c.member.displayName, reason: c.reason })}
                      </li>
                    ))}
                  </ul>
                ) : null}
                <ClosedDoorNote closedDoor={item.closedDoor} of="item" />
                <AgendaItemChanges item={item} />
                <MaterialsList sitting={sitting} item={item} />
                {itemActions?.(item.id)}
              </li>
            ))}
          </ol>
        )}
      </section>
      <Results sitting={sitting} lang={lang} />
    </>
  );
}

export function Quorum({ sitting }: { sitting: CouncilSessionView }) {
  const { t } = useTranslation();
  const q = sitting.quorum;
  return (
    <section className="card" aria-labelledby="quorum-heading">
      <h2 id="quorum-heading">{t('council.quorum')}</h2>
      <label htmlFor="quorum-meter">
        {t('council.quorumLabel', { present: q.present, total: q.total, required: q.required })}
      </label>
      <meter
        id="quorum-meter"
        className="quorum-meter"
        min={0}
        max={q.total || 1}
        low={q.required}
        optimum={q.total}
        value={q.present}
      >
        {q.present}/{q.total}
      </meter>
      <p data-testid="quorum-state" className={q.reached ? 'ok' : 'warn'}>
        {q.reached ? t('council.quorumReached') : t('council.quorumNotReached')}
      </p>
    </section>
  );
}

/** Closed votes with their results; roll-call votes list every member's choice. */
/**
 * The vote running now, live: for an open or roll-call vote the running totals and, for a
 * roll call, the names; for a secret vote only how many have voted (the totals come at the close).
 */
export function OpenVote({ sitting }: { sitting: CouncilSessionView }) {
  const { t } = useTranslation();
  const vote = sitting.votes.find((v) => v.status === 'open');
  const title = vote ? voteTitle(t, sitting, vote) : '';
  return (
    <section className="card" aria-labelledby="open-vote-heading" data-testid="open-vote" hidden={!vote}>
      <h2 id="open-vote-heading">{t('council.liveVote.heading')}</h2>
      <div aria-live="polite">
        {vote ? (
          <>
            <p>
              {t('council.liveVote.on', { title })} ({t(`council.voteMode.${vote.mode}`)})
            </p>
            <p data-testid="open-vote-tally">
              {vote.counts && vote.mode !== 'secret'
                ? `${t('council.counts', { ...vote.counts })} · ${t('council.liveVote.cast', { count: vote.ballotsCast })}`
                : t('council.liveVote.cast', { count: vote.ballotsCast })}
            </p>
            {vote.roll && vote.roll.length > 0 ? (
              <ul className="columns" data-testid="open-vote-roll">
                {vote.roll.map((r) => (
                  <li key={r.member.id}>
                    {r.member.displayName}: {t(`council.choice.${r.choice}`)}
                  </li>
                ))}
              </ul>
            ) : null}
          </>
        ) : null}
      </div>
    </section>
  );
}

function Results({ sitting, lang }: { sitting: CouncilSessionView; lang: Language }) {
  const { t } = useTranslation();
  const closed = sitting.votes.filter((v) => v.status === 'closed');
  const title = (v: VoteView) => voteTitle(t, sitting, v);
  return (
    <section className="card" aria-labelledby="results-heading">
      <h2 id="results-heading">{t('council.results')}</h2>
      <div aria-live="polite" data-testid="results">
        {closed.length === 0 ? (
          <p className="empty">{t('council.noResults')}</p>
        ) : (
          <ul className="list">
            {closed.map((v) => (
              <li key={v.id} className="list-item vote-result" data-testid={`result-${v.id}`}>
                <div>
                  <p className="list-title">{title(v)}</p>
                  <VoteDetails vote={v} />
                  {v.result ? (
                    <>
                      <p>
                        <strong>{t(outcomeKey(v.result))}</strong>
                        {v.decision?.number ? (
                          <>
                            {' ('}
                            <a href={`/public/decisions/${encodeURIComponent(v.decision.id)}`}>
                              {t('council.register.number', { number: v.decision.number })}
                            </a>
                            {')'}
                          </>
                        ) : (
                          ''
                        )}{' '}
                        — {t('council.counts', { ...v.result.counts })}
                      </p>
                      <p className="muted">
                        {t('council.resultDetail', {
                          present: v.result.present,
                          entitled: v.result.entitled,
                          required: v.result.required,
                        })}
                        {v.closedAt ? ` · ${formatTime(v.closedAt, lang)}` : ''}
                      </p>
                    </>
                  ) : null}
                  {v.roll && v.roll.length > 0 ? (
                    <details>
                      <summary>{t('council.rollCall', { count: v.roll.length })}</summary>
                      <table className="table" data-testid={`roll-${v.id}`}>
                        <caption className="visually-hidden">{t('council.rollCallTable', { title: title(v) })}</caption>
                        <thead>
                          <tr>
                            <th scope="col">{t('council.member')}</th>
                            <th scope="col">{t('council.vote')}</th>
                          </tr>
                        </thead>
                        <tbody>
                          {v.roll.map((r) => (
                            <tr key={r.member.id}>
                              <th scope="row">{r.member.displayName}</th>
                              <td>{t(`council.choice.${r.choice}`)}</td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    </details>
                  ) : null}
                </div>
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
