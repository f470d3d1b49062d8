import { Injectable } from '@nestjs/common';
import type { Socket } from 'socket.io';
import { SignInSessionCheck, type AuthUser } from '../auth/auth-user.js';
import { TokenService } from '../auth/token.service.js';

export interface SocketData {
  user: AuthUser;
}

/** Authenticates a socket handshake exactly like an HTTP request (same token check). */
@Injectable()
export class SocketAuth {
  constructor(
    private readonly tokens: TokenService,
    private readonly signInSessions: SignInSessionCheck,
  ) {}

  async authenticate(socket: Socket): Promise<AuthUser | null> {
    const auth = socket.handshake.auth as { token?: unknown } | undefined;
    const token = typeof auth?.token === 'string' ? auth.token : undefined;
    if (!token) return null;
    const user = this.tokens.verifyAccess(token);
    if (!user) return null;
    return (await this.signInSessions.isActive(user.signInSessionId, user.id)) ? user : null;
  }
}
