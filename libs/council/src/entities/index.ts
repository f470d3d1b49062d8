import { AgendaItem } from './agenda-item.entity.js';
import { Attendance, AttendanceEvent } from './attendance.entity.js';
import { CouncilBody, CouncilBodyMember } from './body.entity.js';
import { ConflictDeclaration } from './conflict.entity.js';
import { CouncilSession } from './council-session.entity.js';
import { Decision } from './decision.entity.js';
import {
  Election,
  ElectionBallot,
  ElectionCandidate,
  ElectionVoter,
  type ElectionCommission,
} from './election.entity.js';
import { CouncilDisplayToken } from './display-token.entity.js';
import { AgendaItemTaken } from './item-taken.entity.js';
import { CouncilMandate, CouncilSeatHolder } from './mandate.entity.js';
import { AgendaMaterial } from './material.entity.js';
import { MinutesCorrection, MinutesSignature, MinutesVersion } from './minutes.entity.js';
import { CouncilRecording } from './recording.entity.js';
import { SittingChange } from './sitting-change.entity.js';
import { MemberIdentification, SittingForm } from './sitting-form.entity.js';
import { SpeakerRequest } from './speaker.entity.js';
import { Ballot, SecretBallot, SecretVoter, Vote } from './vote.entity.js';

export type { ElectionCommission };

export {
  AgendaItem,
  AgendaItemTaken,
  AgendaMaterial,
  Attendance,
  AttendanceEvent,
  Ballot,
  ConflictDeclaration,
  CouncilBody,
  CouncilBodyMember,
  CouncilDisplayToken,
  CouncilMandate,
  CouncilRecording,
  CouncilSeatHolder,
  CouncilSession,
  Decision,
  Election,
  ElectionBallot,
  ElectionCandidate,
  ElectionVoter,
  MinutesCorrection,
  MinutesSignature,
  MemberIdentification,
  MinutesVersion,
  SecretBallot,
  SittingForm,
  SecretVoter,
  SittingChange,
  SpeakerRequest,
  Vote,
};

export const COUNCIL_ENTITIES = [
  CouncilBody,
  CouncilBodyMember,
  CouncilMandate,
  CouncilSeatHolder,
  CouncilSession,
  AgendaItem,
  AgendaItemTaken,
  Attendance,
  AttendanceEvent,
  ConflictDeclaration,
  Vote,
  Ballot,
  SecretVoter,
  SecretBallot,
  SpeakerRequest,
  AgendaMaterial,
  CouncilRecording,
  Decision,
  Election,
  ElectionBallot,
  ElectionCandidate,
  ElectionVoter,
  MinutesCorrection,
  MinutesSignature,
  MinutesVersion,
  SittingChange,
  Election,
  ElectionCandidate,
  ElectionVoter,
  ElectionBallot,
  SittingForm,
  MemberIdentification,
  CouncilDisplayToken,
];
