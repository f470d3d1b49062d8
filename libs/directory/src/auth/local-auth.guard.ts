import { Injectable, type ExecutionContext } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { LoginRequestSchema } from '@egov-box/contracts';
import { ZodValidationPipe } from '@egov-box/platform';

/** Validates the sign-in body first (400 on a bad one), then runs passport-local. */
@Injectable()
export class LocalAuthGuard extends AuthGuard('local') {
  private readonly pipe = new ZodValidationPipe(LoginRequestSchema, 'body');

  override canActivate(context: ExecutionContext) {
    const req = context.switchToHttp().getRequest<{ body: unknown }>();
    this.pipe.transform(req.body);
    return super.canActivate(context);
  }

  override handleRequest<T>(err: unknown, user: T): T {
    if (err) throw err;
    return user;
  }
}
