import { Injectable } from '@nestjs/common';
import { AppConfig, Metrics, SessionCheck } from '@egov-box/platform';
import { UsersRepository } from '../users/users.repository.js';
import { SessionsEnded } from './sessions-ended.js';

/** The directory's answer to "is this session still alive?" (see SessionCheck). */
@Injectable()
export class DirectorySessionCheck extends SessionCheck {
  constructor(
    private readonly users: UsersRepository,
    private readonly config: AppConfig,
    private readonly ended: SessionsEnded,
    private readonly metrics: Metrics,
  ) {
    super();
  }

  /** From the process's cache of live sessions when it can answer, else from the database. */
  async isActive(sessionId: string, userId: string): Promise<boolean> {
    const cache = this.ended.cache;
    if (cache.alive(sessionId, userId)) {
      this.metrics.sessionChecks.inc({ answer: 'cache' });
      return true;
    }
    this.metrics.sessionChecks.inc({ answer: 'database' });
    const generation = cache.generation;
    const expiresAt = await this.users.liveSessionExpiry(sessionId, userId);
    if (!expiresAt) return false;
    cache.remember(sessionId, userId, expiresAt, generation);
    return true;
  }

  /** For open sockets the idle limit counts too (HTTP meets it when its short token runs out). */
  activeSessions(sessionIds: string[]): Promise<Set<string>> {
    return this.users.activeSessions(sessionIds, this.config.sessionIdleMinutes * 60);
  }
}
