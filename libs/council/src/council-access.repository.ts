import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AccessService, type AccessCheckFn } from '@egov-box/platform';
import { DataSource } from 'typeorm';
import { MandatesRepository } from './mandates.repository.js';
import { sofiaDay } from './rules.js';

/** The objects of a sitting the checks are asked about, each with its sitting `s` and the sitting's body `b`. */
const OBJECTS = {
  sitting: `council_session x JOIN council_session s ON s.id = x.id`,
  vote: `council_vote x JOIN council_session s ON s.id = x.session_id`,
  speaker: `council_speaker x JOIN council_session s ON s.id = x.session_id`,
  election: `council_election x JOIN council_session s ON s.id = x.session_id`,
} as const;
type Kind = keyof typeof OBJECTS;

/**
 * The conditions on the sitting `s` and its body `b`: `p.any_object` is whether the actor holds
 * a role that acts on every object (the rule's `anyObject`), `p.actor_id` the actor's id,
 * `p.today` today's date in Sofia.
 */
const VISIBLE = `p.any_object OR s.status <> 'draft'`;
const COMMITTEE_CHAIR = `(b.kind = 'committee' AND b.chair_id = p.actor_id)`;
/** The sitting's chair: the council's chair (`anyObject`) every sitting, a committee's chair its committee's. */
const CHAIR = `p.any_object OR ${COMMITTEE_CHAIR}`;
/**
 * A member of the body in the `mandate` (SQL): a holder of a council seat then (the council),
 * and for a committee one of its listed members too.
 */
const memberIn = (mandate: string): string => `EXISTS (SELECT 1 FROM council_seat_holder h
   WHERE h.mandate_id = ${mandate} AND h.held_until IS NULL AND h.user_id = p.actor_id
     AND (b.kind = 'council'
       OR EXISTS (SELECT 1 FROM council_body_member m WHERE m.body_id = b.id AND m.user_id = p.actor_id)))`;
/** A member of the sitting's body in the sitting's mandate. */
const MEMBER = memberIn('s.mandate_id');
/** A member of the sitting's body today (the council: a holder of its seats now). */
const MEMBER_TODAY = memberIn(MandatesRepository.mandateOn('p.today'));
/**
 * Who reads the minutes being written (besides the clerks and the council's chair): the
 * committee's chair, the sitting's minute-taker, and the members of the body today.
 */
const MINUTES_READER = `${COMMITTEE_CHAIR} OR s.minute_taker_id = p.actor_id OR ${MEMBER_TODAY}`;
/** Who joins the sitting's video (besides the clerks and the council's chair): the committee's chair, the members today. */
const VIDEO_PARTICIPANT = `${COMMITTEE_CHAIR} OR ${MEMBER_TODAY}`;

/**
 * The council's object checks for `requireAccess` (rules in libs/platform/src/access/
 * permissions.ts): each answers, in one query, which of the given bodies, mandates, sittings,
 * votes… the actor may act on. `anyObject` (a role the rule names): every one that exists.
 */
@Injectable()
export class CouncilAccessRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    access: AccessService,
  ) {
    access.provide('councilBody.exists', (_actor, ids) => this.rows(`council_body`, ids));
    access.provide('mandate.exists', (_actor, ids) => this.rows(`council_mandate`, ids));
    access.provide('decision.exists', (_actor, ids) => this.rows(`council_decision`, ids));
    access.provide('displayToken.exists', (_actor, ids) => this.rows(`council_display_token`, ids));
    access.provide('sitting.exists', this.of('sitting', `TRUE`));
    // The draft rule: a draft only to those who see every sitting (the clerks and the council's chair).
    access.provide('sitting.visible', this.of('sitting', VISIBLE));
    // The council's chair chairs every sitting; a committee's chair the sittings of that committee.
    access.provide('sitting.chair', this.of('sitting', CHAIR));
    access.provide('sitting.member', this.of('sitting', MEMBER));
    access.provide('sitting.chairOrMember', this.of('sitting', `${CHAIR} OR ${MEMBER}`));
    access.provide('sitting.minutesReader', this.of('sitting', `p.any_object OR ${MINUTES_READER}`));
    access.provide('sitting.videoParticipant', this.of('sitting', `p.any_object OR ${VIDEO_PARTICIPANT}`));
    access.provide('vote.exists', this.of('vote', `TRUE`));
    access.provide('vote.visible', this.of('vote', VISIBLE));
    access.provide('vote.chair', this.of('vote', CHAIR));
    access.provide('speaker.exists', this.of('speaker', `TRUE`));
    access.provide('speaker.visible', this.of('speaker', VISIBLE));
    access.provide('speaker.chair', this.of('speaker', CHAIR));
    access.provide('speaker.ownOrChair', this.of('speaker', `x.user_id = p.actor_id OR ${CHAIR}`));
    access.provide('election.exists', this.of('election', `TRUE`));
    access.provide('election.visible', this.of('election', VISIBLE));
    access.provide('election.chair', this.of('election', CHAIR));
  }

  /** The check: of `ids`, the objects of `kind` whose sitting meets `condition`. */
  private of(kind: Kind, condition: string): AccessCheckFn {
    return async (actor, ids, any) => {
      const rows: { id: string }[] = await this.db.query(
        `SELECT x.id FROM (SELECT $2::boolean AS any_object, $3::uuid AS actor_id, $4::date AS today) p,
           ${OBJECTS[kind]} JOIN council_body b ON b.id = s.body_id
          WHERE x.id = ANY($1::uuid[]) AND (${condition})`,
        [ids, any, actor.id, sofiaDay(new Date())],
      );
      return new Set(rows.map((r) => r.id));
    };
  }

  /** Of `ids`, those in `table`. */
  private async rows(table: string, ids: string[]): Promise<Set<string>> {
    const rows: { id: string }[] = await this.db.query(`SELECT t.id FROM ${table} t WHERE t.id = ANY($1::uuid[])`, [
      ids,
    ]);
    return new Set(rows.map((r) => r.id));
  }
}
