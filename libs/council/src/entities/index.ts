import { AgendaItem } from './agenda-item.entity.js';
import { Attendance, AttendanceEvent } from './attendance.entity.js';
import { ConflictDeclaration } from './conflict.entity.js';
import { CouncilSession } from './council-session.entity.js';
import { AgendaMaterial } from './material.entity.js';
import { SpeakerRequest } from './speaker.entity.js';
import { Ballot, SecretBallot, SecretVoter, Vote } from './vote.entity.js';

export {
  AgendaItem,
  AgendaMaterial,
  Attendance,
  AttendanceEvent,
  Ballot,
  ConflictDeclaration,
  CouncilSession,
  SecretBallot,
  SecretVoter,
  SpeakerRequest,
  Vote,
};

export const COUNCIL_ENTITIES = [
  CouncilSession,
  AgendaItem,
  Attendance,
  AttendanceEvent,
  ConflictDeclaration,
  Vote,
  Ballot,
  SecretVoter,
  SecretBallot,
  SpeakerRequest,
  AgendaMaterial,
];
