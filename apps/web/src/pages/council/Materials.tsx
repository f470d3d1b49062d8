import type { AgendaItemView, CouncilSessionView, MaterialView } from '@egov-box/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useAnnounce } from '../../components/Announcer';
import { ActionError, saveBlob, useCouncilError } from './actions';
import { checkMaterial, formatSize, MATERIAL_ACCEPT } from './model';

const enc = encodeURIComponent;

/** Where anyone downloads a material of a published session (no login needed). */
export function publicMaterialUrl(sittingId: string, m: MaterialView): string {
  return `/api/public/council/sessions/${enc(sittingId)}/items/${enc(m.itemId)}/materials/${enc(m.id)}`;
}

/**
 * An item's materials. Published sessions link to the public download; a draft's materials
 * (members and clerks only) are fetched with the signed-in user's token.
 */
export function MaterialsList({ sitting, item }: { sitting: CouncilSessionView; item: AgendaItemView }) {
  const { t, i18n } = useTranslation();
  const materials = item.materials ?? [];
  const error = useCouncilError();
  const [problem, setProblem] = useState<string | null>(null);
  if (materials.length === 0) return null;
  const draft = sitting.status === 'draft';
  return (
    <div className="materials">
      <ul aria-label={t('council.materialsOf', { number: item.position })} data-testid={`materials-${item.id}`}>
        {materials.map((m) => {
          const label = t('council.materialLink', { name: m.filename, size: formatSize(m.size, i18n.language) });
          return (
            <li key={m.id}>
              {draft ? (
                <button
                  type="button"
                  className="button button-link"
                  onClick={() => {
                    setProblem(null);
                    api
                      .download(`/api/council/sessions/${enc(sitting.id)}/items/${enc(item.id)}/materials/${enc(m.id)}`)
                      .then((f) => saveBlob(f.blob, f.filename ?? m.filename))
                      .catch((e: unknown) => setProblem(error(e)));
                  }}
                >
                  {t('council.downloadDraftMaterial', { name: m.filename, size: formatSize(m.size, i18n.language) })}
                </button>
              ) : (
                <a href={publicMaterialUrl(sitting.id, m)} download={m.filename}>
                  {label}
                </a>
              )}
              <span className="muted">
                {' '}
                · SHA-256: <code className="hash">{m.sha256}</code>
              </span>
            </li>
          );
        })}
      </ul>
      <ActionError error={problem} />
    </div>
  );
}

/** The clerk attaches a PDF/DOCX/ODT to an item (drafts and published sessions; not once closed). */
export function MaterialUpload({ sitting, item }: { sitting: CouncilSessionView; item: AgendaItemView }) {
  const { t } = useTranslation();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const errorText = useCouncilError();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const submit = async () => {
    const file = input.current?.files?.[0];
    if (!file) return;
    const check = checkMaterial(file);
    if (!check.ok) {
      setError(
        t(
          check.reason === 'type'
            ? 'council.materialWrongType'
            : check.reason === 'size'
              ? 'council.materialTooLarge'
              : 'council.materialEmpty',
        ),
      );
      return;
    }
    setPending(true);
    setError(null);
    try {
      const m = await api.upload<MaterialView>(
        `/api/council/sessions/${enc(sitting.id)}/items/${enc(item.id)}/materials?filename=${enc(file.name)}`,
        file,
        check.contentType,
      );
      if (input.current) input.current.value = '';
      announce(t('council.uploaded', { name: m.filename }));
      await queryClient.invalidateQueries({ queryKey: ['council', 'sessions', sitting.id] });
    } catch (e) {
      setError(errorText(e));
    } finally {
      setPending(false);
    }
  };
  return (
    <form
      className="inline-form"
      aria-label={t('council.uploadMaterial', { number: item.position })}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <div className="field">
        <label htmlFor={id}>{t('council.chooseFile', { number: item.position })}</label>
        <input id={id} ref={input} type="file" accept={MATERIAL_ACCEPT} required />
      </div>
      <button type="submit" className="button button-secondary" disabled={pending}>
        {pending ? t('council.uploading') : t('council.upload')}
      </button>
      <ActionError error={error} />
    </form>
  );
}
