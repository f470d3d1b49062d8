import type { CouncilSessionView, MinutesSignerRole, MinutesStateView } from '@egov-box/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { formatDateTime, type Language } from '../../format/datetime';
import { ConfirmButton } from '../../components/ConfirmButton';
import { ActionError, saveBlob, useAction, useCouncilError } from './actions';

const FORMATS = ['html', 'pdf', 'json'] as const;
const EXT = { html: 'html', pdf: 'pdf', json: 'json' } as const;
const enc = encodeURIComponent;

/** Links to the published minutes (no login); nothing until the clerk publishes them. */
export function PublicMinutesLinks({ sitting }: { sitting: CouncilSessionView }) {
  const { t, i18n } = useTranslation();
  if (!sitting.minutesPublishedAt) return null;
  return (
    <div data-testid="public-minutes">
      {i18n.language !== 'bg' ? <p className="notice">{t('council.minutesFlow.translationNote')}</p> : null}
      <p>
        {t('council.minutesPublishedAt', {
          time: formatDateTime(sitting.minutesPublishedAt, i18n.language as Language),
        })}
      </p>
      <ul className="link-list">
        {FORMATS.map((f) => (
          <li key={f}>
            <a href={`/api/public/council/sessions/${enc(sitting.id)}/minutes?format=${f}`}>
              {t(`council.minutesFormat.${f}`)}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The published agenda as open data (JSON, CSV). */
export function OpenDataLinks({ sitting }: { sitting: CouncilSessionView }) {
  const { t } = useTranslation();
  if (sitting.status === 'draft') return null;
  const base = `/api/public/council/sessions/${enc(sitting.id)}/agenda`;
  return (
    <p className="muted">
      {t('council.openData')} <a href={`${base}?format=json`}>JSON</a> · <a href={`${base}?format=csv`}>CSV</a>
    </p>
  );
}

/**
 * The minutes of a sitting for those who take part in writing them: the clerks, the chair,
 * the minute-taker and the members of the body. The draft (HTML, PDF, JSON, fetched with their
 * token); its status (the review period, signatures, publication, versions); members' correction
 * requests and the clerk's answers; the chair's and the minute-taker's signatures; publication
 * and a new version after it. The documents themselves are the Bulgarian originals.
 */
export function MinutesSection({ sitting, canPublish }: { sitting: CouncilSessionView; canPublish: boolean }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Language;
  const errorText = useCouncilError();
  const queryClient = useQueryClient();
  const [problem, setProblem] = useState<string | null>(null);
  const { run, pending, error } = useAction();
  const base = `/api/council/sessions/${enc(sitting.id)}/minutes`;
  const key = ['council', 'minutes', sitting.id];
  const closed = sitting.status === 'closed';
  const state = useQuery({
    queryKey: [...key, sitting.version],
    queryFn: () => api.get<MinutesStateView>(`${base}/status`),
    enabled: closed,
    retry: false,
  });
  const m = state.data;
  /** A step answered with the new status (or the session view). */
  const step = (path: string, done: string, body?: unknown, method?: 'POST' | 'PUT') =>
    run({
      path,
      body,
      method,
      done,
      onData: (d) => {
        if (d && typeof d === 'object' && 'may' in d) queryClient.setQueryData([...key, sitting.version], d);
        else void queryClient.invalidateQueries({ queryKey: key });
      },
    });
  const when = (iso: string | null) => (iso ? formatDateTime(iso, lang) : '—');
  const role = (r: MinutesSignerRole) => t(`council.minutesFlow.role.${r}`);
  if (closed && state.isError) return null; // not a reader of these minutes

  return (
    <section className="card" aria-labelledby="minutes-heading" data-testid="minutes">
      <h2 id="minutes-heading">{m ? t('council.minutesFlow.title', { number: m.number }) : t('council.minutes')}</h2>
      {i18n.language !== 'bg' ? (
        <p className="notice" lang={i18n.language} data-testid="minutes-translation-note">
          {t('council.minutesFlow.translationNote')}
        </p>
      ) : null}
      {m ? (
        <p role="status" data-testid="minutes-status">
          {m.status === 'published'
            ? t('council.minutesFlow.statusPublished', { version: m.version })
            : m.status === 'signed'
              ? t('council.minutesFlow.statusSigned')
              : m.reviewOpen
                ? t('council.minutesFlow.statusReview', { time: when(m.reviewEndsAt) })
                : t('council.minutesFlow.statusSigning')}{' '}
          {m.version > 1 && m.status !== 'published'
            ? t('council.minutesFlow.statusDraftVersion', { version: m.version, reason: m.reason ?? '' })
            : null}
        </p>
      ) : (
        <p className="muted">{closed ? t('council.minutesDraftNote') : t('council.minutesAfterClose')}</p>
      )}
      <div className="actions">
        {FORMATS.map((f) => (
          <button
            key={f}
            type="button"
            className="button button-secondary"
            onClick={() => {
              setProblem(null);
              api
                .download(`${base}?format=${f}`)
                .then((file) => saveBlob(file.blob, `minutes-${sitting.number}.${EXT[f]}`))
                .catch((e: unknown) => setProblem(errorText(e)));
            }}
          >
            {t('council.downloadMinutes', { format: t(`council.minutesFormat.${f}`) })}
          </button>
        ))}
      </div>
      <ActionError error={problem} />

      {m ? (
        <>
          <p>
            {m.minuteTaker
              ? t('council.minutesFlow.minuteTaker', { name: m.minuteTaker.displayName })
              : t('council.minutesFlow.noMinuteTaker')}{' '}
            {canPublish && m.status !== 'published' ? (
              <button
                type="button"
                className="button button-link"
                disabled={pending}
                onClick={() =>
                  step(
                    `${base.replace(/\/minutes$/, '')}/minute-taker`,
                    t('council.minutesFlow.done.minuteTaker'),
                    {},
                    'PUT',
                  )
                }
              >
                {t('council.minutesFlow.takeMinutes')}
              </button>
            ) : null}
          </p>

          <h3>{t('council.minutesFlow.signatures')}</h3>
          {m.signatures.length ? (
            <ul data-testid="minutes-signatures">
              {m.signatures.map((g) => (
                <li key={g.role}>
                  {t('council.minutesFlow.signature', {
                    role: role(g.role),
                    name: g.signer.displayName,
                    time: when(g.signedAt),
                  })}
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">{t('council.minutesFlow.noSignatures')}</p>
          )}
          {m.sha256 ? (
            <p className="muted">
              {t('council.minutesFlow.contentHash', { sha: '' })}
              <code>{m.sha256}</code>
            </p>
          ) : null}
          {m.may.sign.length ? (
            <div className="actions">
              {m.may.sign.map((r) => (
                // A signature is not withdrawn: asked first.
                <ConfirmButton
                  key={r}
                  disabled={pending}
                  title={t('council.confirm.signTitle')}
                  message={<p>{t('council.confirm.signBody', { role: role(r) })}</p>}
                  confirmLabel={t('council.minutesFlow.signAs', { role: role(r) })}
                  onConfirm={() =>
                    step(`${base}/sign`, t('council.minutesFlow.done.signed'), m.may.sign.length > 1 ? { role: r } : {})
                  }
                >
                  {t('council.minutesFlow.signAs', { role: role(r) })}
                </ConfirmButton>
              ))}
            </div>
          ) : null}

          <Corrections state={m} base={base} canAnswer={canPublish} onStep={step} pending={pending} />

          {m.may.correct ? (
            <TextForm
              label={t('council.minutesFlow.requestLabel')}
              submit={t('council.minutesFlow.request')}
              pending={pending}
              onSubmit={(text) => step(`${base}/corrections`, t('council.minutesFlow.done.requested'), { text })}
            />
          ) : null}

          {canPublish && m.status === 'signed' ? (
            // A published version never changes (a correction is a new version): asked first.
            <ConfirmButton
              disabled={pending}
              title={t('council.confirm.publishMinutesTitle')}
              message={<p>{t('council.confirm.publishMinutesBody', { number: m.number, version: m.version })}</p>}
              confirmLabel={t('council.publishMinutes')}
              onConfirm={() =>
                run({
                  path: `${base}/publish`,
                  done: t('council.done.minutesPublished'),
                  onData: () => void queryClient.invalidateQueries({ queryKey: key }),
                })
              }
            >
              {t('council.publishMinutes')}
            </ConfirmButton>
          ) : null}

          {m.versions.length ? (
            <>
              <h3>{t('council.minutesFlow.versions')}</h3>
              <ul data-testid="minutes-versions">
                {m.versions.map((v) => (
                  <li key={v.version}>
                    {t('council.minutesFlow.versionEntry', { version: v.version, time: when(v.publishedAt) })}
                    {v.reason ? ` — ${t('council.minutesFlow.versionReason', { reason: v.reason })}` : null}{' '}
                    {FORMATS.map((f) => (
                      <a
                        key={f}
                        className="inline-link"
                        href={`/api/public/council/sessions/${enc(sitting.id)}/minutes?format=${f}&version=${v.version}`}
                      >
                        {t(`council.minutesFormat.${f}`)}
                        <span className="visually-hidden"> — {v.version}</span>
                      </a>
                    ))}
                  </li>
                ))}
              </ul>
            </>
          ) : null}

          {m.may.newVersion ? (
            <TextForm
              label={t('council.minutesFlow.newVersionLabel')}
              submit={t('council.minutesFlow.newVersion')}
              pending={pending}
              onSubmit={(reason) => step(`${base}/versions`, t('council.minutesFlow.done.newVersion'), { reason })}
            />
          ) : null}
        </>
      ) : null}
      <ActionError error={error} />
      {sitting.minutesPublishedAt ? <PublicMinutesLinks sitting={sitting} /> : null}
    </section>
  );
}

/** The correction requests, with the clerk's answer form for those not yet answered. */
function Corrections({
  state,
  base,
  canAnswer,
  onStep,
  pending,
}: {
  state: MinutesStateView;
  base: string;
  canAnswer: boolean;
  onStep: (path: string, done: string, body?: unknown) => void;
  pending: boolean;
}) {
  const { t, i18n } = useTranslation();
  const mine = state.corrections.filter((c) => c.version === state.version);
  return (
    <>
      <h3>{t('council.minutesFlow.corrections')}</h3>
      {mine.length ? (
        <ul data-testid="minutes-corrections">
          {mine.map((c) => (
            <li key={c.id}>
              <p>
                <strong>
                  {t('council.minutesFlow.correctionBy', {
                    name: c.author.displayName,
                    time: formatDateTime(c.createdAt, i18n.language as Language),
                  })}
                </strong>
                : {c.text}
              </p>
              {c.answeredAt ? (
                <p>
                  {c.accepted ? t('council.minutesFlow.accepted') : t('council.minutesFlow.rejected')}: {c.answer}
                </p>
              ) : canAnswer && state.status !== 'published' ? (
                <AnswerForm
                  pending={pending}
                  onAnswer={(accepted, answer) =>
                    onStep(`${base}/corrections/${enc(c.id)}/answer`, t('council.minutesFlow.done.answered'), {
                      accepted,
                      answer,
                    })
                  }
                />
              ) : (
                <p className="muted">{t('council.minutesFlow.pending')}</p>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('council.minutesFlow.noCorrections')}</p>
      )}
    </>
  );
}

function AnswerForm({
  onAnswer,
  pending,
}: {
  onAnswer: (accepted: boolean, answer: string) => void;
  pending: boolean;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [answer, setAnswer] = useState('');
  const send = (accepted: boolean) => {
    if (answer.trim()) onAnswer(accepted, answer.trim());
  };
  return (
    <div className="form-row">
      <label htmlFor={id}>{t('council.minutesFlow.answerLabel')}</label>
      <textarea id={id} value={answer} onChange={(e) => setAnswer(e.target.value)} rows={2} maxLength={4000} />
      <div className="actions">
        <button
          type="button"
          className="button button-primary"
          disabled={pending || !answer.trim()}
          onClick={() => send(true)}
        >
          {t('council.minutesFlow.accept')}
        </button>
        <button
          type="button"
          className="button button-secondary"
          disabled={pending || !answer.trim()}
          onClick={() => send(false)}
        >
          {t('council.minutesFlow.reject')}
        </button>
      </div>
    </div>
  );
}

function TextForm({
  label,
  submit,
  pending,
  onSubmit,
}: {
  label: string;
  submit: string;
  pending: boolean;
  onSubmit: (text: string) => void;
}) {
  const id = useId();
  const [text, setText] = useState('');
  return (
    <form
      className="form-row"
      onSubmit={(e) => {
        e.preventDefault();
        if (text.trim()) onSubmit(text.trim());
        setText('');
      }}
    >
      <label htmlFor={id}>{label}</label>
      <textarea id={id} value={text} onChange={(e) => setText(e.target.value)} rows={3} maxLength={4000} required />
      <button type="submit" className="button button-primary" disabled={pending || !text.trim()}>
        {submit}
      </button>
    </form>
  );
}
