import { Injectable } from '@nestjs/common';
import { AppConfig, SessionCheck } from '@egov-box/platform';
import { UsersRepository } from '../users/users.repository.js';

/** The directory's answer to "is this session still alive?" (see SessionCheck). */
@Injectable()
export class DirectorySessionCheck extends SessionCheck {
  constructor(
    private readonly users: UsersRepository,
    private readonly config: AppConfig,
  ) {
    super();
  }

  isActive(sessionId: string, userId: string): Promise<boolean> {
    return this.users.sessionActive(sessionId, userId);
  }

  /** For open sockets the idle limit counts too (HTTP meets it when its short token runs out). */
  activeSessions(sessionIds: string[]): Promise<Set<string>> {
    return this.users.activeSessions(sessionIds, this.config.sessionIdleMinutes * 60);
  }
}
