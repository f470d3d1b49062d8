import { Injectable } from '@nestjs/common';
import { SessionCheck } from '@egov-box/platform';
import { UsersRepository } from '../users/users.repository.js';

/** The directory's answer to "is this session still alive?" (see SessionCheck). */
@Injectable()
export class DirectorySessionCheck extends SessionCheck {
  constructor(private readonly users: UsersRepository) {
    super();
  }

  isActive(sessionId: string, userId: string): Promise<boolean> {
    return this.users.sessionActive(sessionId, userId);
  }
}
