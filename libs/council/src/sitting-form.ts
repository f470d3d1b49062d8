import type { DirectoryReader } from '@egov-box/directory';
import type { SittingFormView } from '@egov-box/contracts';
import type { EntityManager } from 'typeorm';
import { MemberIdentification, SittingForm } from './entities/index.js';

/**
 * How a sitting is held, as the session view, the minutes and the form's routes show it: in the
 * chamber, or remote (ЗМСМА чл. 28а) with the declared situation's reference; the clerk's
 * identifications only for members and staff (`inner`), never on the public page.
 */
export async function sittingFormView(
  em: EntityManager,
  directory: DirectoryReader,
  sittingId: string,
  inner: boolean,
): Promise<SittingFormView> {
  const form = await em.findOneBy(SittingForm, { sessionId: sittingId });
  if (!form?.remote) return { remote: false, emergencyReference: null, declaredAt: null, declaredBy: null };
  const ids = inner
    ? await em.find(MemberIdentification, {
        where: { sessionId: sittingId },
        order: { confirmedAt: 'ASC', userId: 'ASC' },
      })
    : [];
  const names = await directory.names([form.declaredBy!, ...ids.flatMap((i) => [i.userId, i.confirmedBy])]);
  const ref = (id: string) => names.get(id) ?? { id, displayName: '—' };
  return {
    remote: true,
    emergencyReference: form.emergencyReference,
    declaredAt: form.declaredAt!.toISOString(),
    declaredBy: ref(form.declaredBy!),
    ...(inner
      ? {
          identifications: ids.map((i) => ({
            member: ref(i.userId),
            confirmedBy: ref(i.confirmedBy),
            confirmedAt: i.confirmedAt.toISOString(),
          })),
        }
      : {}),
  };
}

/** Whether the sitting is declared remote (ЗМСМА чл. 28а); no row: in the chamber. */
export async function isRemoteSitting(em: EntityManager, sittingId: string): Promise<boolean> {
  return (await em.findOneBy(SittingForm, { sessionId: sittingId }))?.remote ?? false;
}
