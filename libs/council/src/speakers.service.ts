import { Injectable } from '@nestjs/common';
import type { FloorRequest, SpeakerView } from '@egov-box/contracts';
import { AccessService, type AuthUser } from '@egov-box/platform';
import { CouncilErrors } from './council.errors.js';
import { BodiesRepository } from './bodies.repository.js';
import { SpeakersRepository } from './speakers.repository.js';
import { CouncilVideo } from './council-video.service.js';
import { CouncilViews, speakingLimits } from './council-views.js';
import { SittingSteps } from './sitting-steps.js';
import { checkFloorRequest, limitFor, queueWith } from './floor-rules.js';

/**
 * The speakers of a sitting: members ask for the floor (to speak, to reply, on procedure),
 * the chair gives it, ends it and orders the queue, and the floor is the right to publish
 * video in the sitting's room.
 */
@Injectable()
export class CouncilSpeakersService {
  constructor(
    private readonly bodiesRepo: BodiesRepository,
    private readonly speakersRepo: SpeakersRepository,
    private readonly views: CouncilViews,
    private readonly steps: SittingSteps,
    private readonly video: CouncilVideo,
    private readonly access: AccessService,
  ) {}

  async speakers(actor: AuthUser, sittingId: string): Promise<SpeakerView[]> {
    await this.access.requireAccess(actor, 'council.sitting.read', sittingId);
    return this.views.speakers(await this.speakersRepo.speakers(sittingId));
  }

  async requestFloor(actor: AuthUser, id: string, input: FloorRequest): Promise<SpeakerView> {
    await this.access.requireAccess(actor, 'council.floor.request', id);
    const { version, result: speakerId } = await this.steps.change(id, async (s, em) => {
      if (s.status !== 'open') throw CouncilErrors.sessionNotOpen('The session is not open');
      await this.steps.requireNoConflict(s.currentItemId, actor.id, em);
      // A reply names the speech it answers, a counter-reply too (the council's rulebook: floor-rules.ts).
      const answered = input.answersId ? await this.speakersRepo.speaker(input.answersId, em) : null;
      const speech =
        answered && answered.sessionId === id
          ? { ...answered, answers: await this.speakersRepo.answersTo(answered.id, em) }
          : null;
      checkFloorRequest(input.kind, input.answersId, speech, actor.id, s.currentItemId);
      const pending = await this.speakersRepo.pendingSpeakers(id, actor.id, em);
      if (
        pending.some(
          (p) => p.kind === input.kind && p.itemId === s.currentItemId && p.answersId === (input.answersId ?? null),
        )
      )
        throw CouncilErrors.alreadyRequested('You have already asked for the floor');
      const result = await this.speakersRepo.insertSpeaker(
        {
          sessionId: id,
          itemId: s.currentItemId,
          userId: actor.id,
          kind: input.kind,
          answersId: input.answersId ?? null,
        },
        em,
      );
      // A procedural point goes ahead of the waiting queue (after the procedural points already waiting).
      if (input.kind === 'procedural') {
        const waiting = (await this.speakersRepo.speakers(id, em)).filter((r) => r.status === 'requested');
        const others = waiting.filter((r) => r.id !== result);
        const queue = queueWith(
          others,
          waiting.find((r) => r.id === result)!,
        );
        await this.speakersRepo.orderQueue(
          queue.map((r) => r.id),
          em,
        );
      }
      return { result };
    });
    return this.changed(id, speakerId, version);
  }

  async speakerStep(actor: AuthUser, speakerId: string, step: 'grant' | 'finish' | 'withdraw'): Promise<SpeakerView> {
    await this.access.requireAccess(
      actor,
      step === 'withdraw' ? 'council.floor.withdraw' : 'council.floor.give',
      speakerId,
    );
    const first = (await this.speakersRepo.speaker(speakerId))!;
    const sittingId = first.sessionId;
    // The chair's withdrawal is an act of the chair (audited); a member's of their own request is not.
    const chair = step !== 'withdraw' || (await this.steps.chairs(actor, sittingId));
    const {
      version,
      sitting,
      result: finished,
    } = await this.steps.change(sittingId, async (s, em) => {
      const sp = (await this.speakersRepo.speaker(speakerId, em))!;
      const from = { grant: 'requested', finish: 'speaking', withdraw: 'requested' }[step];
      if (sp.status !== from)
        throw CouncilErrors.invalidSpeakerState(`The request is ${sp.status}`, {
          status: sp.status,
        });
      let finished: string[] = [];
      if (step === 'grant') {
        if (s.status !== 'open') throw CouncilErrors.sessionNotOpen('The session is not open');
        finished = await this.speakersRepo.finishSpeaking(sittingId, em);
        // The limit is fixed now, from the body's limits (a later change of them does not move it).
        const body = (await this.bodiesRepo.body(s.bodyId, em))!;
        await this.speakersRepo.updateSpeaker(
          speakerId,
          { status: 'speaking', grantedAt: new Date(), limitSeconds: limitFor(sp.kind, speakingLimits(body)) },
          em,
        );
      } else if (step === 'finish') {
        await this.speakersRepo.updateSpeaker(speakerId, { status: 'finished', finishedAt: new Date() }, em);
        finished = [sp.userId];
      } else {
        await this.speakersRepo.updateSpeaker(speakerId, { status: 'withdrawn' }, em);
      }
      // A member withdrawing their own request is not an act of the chair: no audit line.
      const audit =
        step !== 'withdraw' || chair
          ? [
              {
                actorId: actor.id,
                action: `council.speaker.${step}`,
                targetType: 'council_speaker',
                targetId: speakerId,
                details: { sessionId: sittingId, userId: sp.userId, kind: sp.kind },
              },
            ]
          : [];
      return { result: finished, audit };
    });
    // The floor is the right to publish in the session's room (after the commit; LiveKit trouble is logged).
    if (step !== 'withdraw') await this.video.floor(sitting, step === 'grant' ? first.userId : null, finished);
    return this.changed(sittingId, speakerId, version);
  }

  /** The chair moves a waiting request to a place in the queue (1 = next). */
  async moveSpeaker(actor: AuthUser, speakerId: string, position: number): Promise<SpeakerView> {
    await this.access.requireAccess(actor, 'council.floor.order', speakerId);
    const { sessionId: sittingId } = (await this.speakersRepo.speaker(speakerId))!;
    const { version } = await this.steps.change(sittingId, async (_s, em) => {
      const waiting = (await this.speakersRepo.speakers(sittingId, em)).filter((r) => r.status === 'requested');
      const from = waiting.findIndex((r) => r.id === speakerId);
      if (from < 0)
        throw CouncilErrors.invalidSpeakerState('Only a waiting request is moved', {
          status: (await this.speakersRepo.speaker(speakerId, em))!.status,
        });
      const [moved] = waiting.splice(from, 1);
      waiting.splice(Math.min(position - 1, waiting.length), 0, moved!);
      await this.speakersRepo.orderQueue(
        waiting.map((r) => r.id),
        em,
      );
      return {
        result: undefined,
        audit: [
          {
            actorId: actor.id,
            action: 'council.speaker.moved',
            targetType: 'council_speaker',
            targetId: speakerId,
            details: {
              sessionId: sittingId,
              userId: moved!.userId,
              from: from + 1,
              to: Math.min(position, waiting.length),
            },
          },
        ],
      };
    });
    return this.changed(sittingId, speakerId, version);
  }

  /** Tells the sitting's watchers, then answers with the one request. */
  private async changed(sittingId: string, speakerId: string, version: number): Promise<SpeakerView> {
    await this.steps.speakersChanged(sittingId, version);
    const all = await this.views.speakers(await this.speakersRepo.speakers(sittingId));
    return all.find((x) => x.id === speakerId)!;
  }
}
