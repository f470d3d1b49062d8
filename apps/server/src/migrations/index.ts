import { Foundation1795000000000 } from './1795000000000-Foundation.js';
import { RoomsVideoPresence1795000030000 } from './1795000030000-RoomsVideoPresence.js';
import { Schedule1795000040000 } from './1795000040000-Schedule.js';
import { AuditLog1795000050000 } from './1795000050000-AuditLog.js';
import { OneOnOne1795000060000 } from './1795000060000-OneOnOne.js';
import { Council1795000080000 } from './1795000080000-Council.js';
import { CouncilMaterials1795000090000 } from './1795000090000-CouncilMaterials.js';
import { CouncilBodiesVideo1795000120000 } from './1795000120000-CouncilBodiesVideo.js';
import { UpcomingMeetings1795000150000 } from './1795000150000-UpcomingMeetings.js';
import { DraftSessionsPrivate1795000160000 } from './1795000160000-DraftSessionsPrivate.js';
import { MeetingVideoClosed1795000170000 } from './1795000170000-MeetingVideoClosed.js';
import { CouncilSeatsSnapshots1795000180000 } from './1795000180000-CouncilSeatsSnapshots.js';
import { SittingNotice1795000190000 } from './1795000190000-SittingNotice.js';
import { AgendaSubject1795000200000 } from './1795000200000-AgendaSubject.js';
import { MinutesSigned1795000210000 } from './1795000210000-MinutesSigned.js';
import { DecisionRegister1795000220000 } from './1795000220000-DecisionRegister.js';
import { CouncilMandates1795000230000 } from './1795000230000-CouncilMandates.js';
import { RetentionRun1795000270000 } from './1795000270000-RetentionRun.js';
import { PersonalData1795000280000 } from './1795000280000-PersonalData.js';
import { DirectoryAccounts1795000290000 } from './1795000290000-DirectoryAccounts.js';
import { MailOutbox1795000300000 } from './1795000300000-MailOutbox.js';
import { CouncilItemTaken1795000340000 } from './1795000340000-CouncilItemTaken.js';
import { CouncilProcedure1795000400000 } from './1795000400000-CouncilProcedure.js';
import { CouncilElections1795000410000 } from './1795000410000-CouncilElections.js';
import { CouncilDecisionElection1795000411000 } from './1795000411000-CouncilDecisionElection.js';
import { FloorTimeLimits1795000420000 } from './1795000420000-FloorTimeLimits.js';
import { CouncilDisplayTokens1795000421000 } from './1795000421000-CouncilDisplayTokens.js';
import { RemoteSittings1795000430000 } from './1795000430000-RemoteSittings.js';
import { CouncilSessionChanges1795000440000 } from './1795000440000-CouncilSessionChanges.js';
import { ClosedDoor1795000450000 } from './1795000450000-ClosedDoor.js';
import { AgendaVoteByDefault1795000460000 } from './1795000460000-AgendaVoteByDefault.js';

/** Every migration, oldest first. A new schema change adds a file here. */
export const MIGRATIONS = [
  Foundation1795000000000,
  RoomsVideoPresence1795000030000,
  Schedule1795000040000,
  AuditLog1795000050000,
  OneOnOne1795000060000,
  Council1795000080000,
  CouncilMaterials1795000090000,
  CouncilBodiesVideo1795000120000,
  UpcomingMeetings1795000150000,
  DraftSessionsPrivate1795000160000,
  MeetingVideoClosed1795000170000,
  CouncilSeatsSnapshots1795000180000,
  SittingNotice1795000190000,
  AgendaSubject1795000200000,
  MinutesSigned1795000210000,
  DecisionRegister1795000220000,
  CouncilMandates1795000230000,
  RetentionRun1795000270000,
  PersonalData1795000280000,
  DirectoryAccounts1795000290000,
  MailOutbox1795000300000,
  CouncilItemTaken1795000340000,
  CouncilProcedure1795000400000,
  CouncilElections1795000410000,
  CouncilDecisionElection1795000411000,
  FloorTimeLimits1795000420000,
  CouncilDisplayTokens1795000421000,
  RemoteSittings1795000430000,
  CouncilSessionChanges1795000440000,
  ClosedDoor1795000450000,
  AgendaVoteByDefault1795000460000,
];
