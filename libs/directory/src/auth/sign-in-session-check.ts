import { Injectable } from '@nestjs/common';
import { AppConfig, Metrics, SignInSessionCheck } from '@egov-box/platform';
import { UsersRepository } from '../users/users.repository.js';
import { SignInSessionsEnded } from './sign-in-sessions-ended.js';

/** The directory's answer to "is this session still alive?" (see SignInSessionCheck). */
@Injectable()
export class DirectorySignInSessionCheck extends SignInSessionCheck {
  constructor(
    private readonly users: UsersRepository,
    private readonly config: AppConfig,
    private readonly ended: SignInSessionsEnded,
    private readonly metrics: Metrics,
  ) {
    super();
  }

  /** From the process's cache of live sessions when it can answer, else from the database. */
  async isActive(signInSessionId: string, userId: string): Promise<boolean> {
    const cache = this.ended.cache;
    if (cache.alive(signInSessionId, userId)) {
      this.metrics.signInSessionChecks.inc({ answer: 'cache' });
      return true;
    }
    this.metrics.signInSessionChecks.inc({ answer: 'database' });
    const generation = cache.generation;
    const expiresAt = await this.users.liveSignInSessionExpiry(signInSessionId, userId);
    if (!expiresAt) return false;
    cache.remember(signInSessionId, userId, expiresAt, generation);
    return true;
  }

  /** For open sockets the idle limit counts too (HTTP meets it when its short token runs out). */
  activeSignInSessions(signInSessionIds: string[]): Promise<Set<string>> {
    return this.users.activeSignInSessions(signInSessionIds, this.config.signInSessionIdleMinutes * 60);
  }
}
