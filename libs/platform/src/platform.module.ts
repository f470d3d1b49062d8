import { Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { AccessService } from './access/access.service.js';
import { AuditController } from './audit/audit.controller.js';
import { AuditService } from './audit/audit.service.js';
import { GlobalAuthGuard } from './auth/auth.guard.js';
import { JwtStrategy } from './auth/jwt.strategy.js';
import { TokenService } from './auth/token.service.js';
import { ErrorFilter } from './errors/error.filter.js';
import { EventBus } from './events/event-bus.js';
import { HealthController } from './health/health.controller.js';
import { MailPreferencesController } from './mail/mail-preferences.controller.js';
import { MailPersonalData } from './mail/mail.personal-data.js';
import { MailService } from './mail/mail.service.js';
import { Metrics, MetricsController } from './metrics/metrics.js';
import { AuditPersonalData } from './personal-data/audit.personal-data.js';
import { PersonalDataService } from './personal-data/personal-data.service.js';
import { RateLimiter } from './rate-limit/rate-limiter.js';
import { RealtimeGateway } from './realtime/realtime.gateway.js';
import { RealtimeRelay } from './realtime/realtime.relay.js';
import { SocketAuth } from './realtime/socket-auth.js';
import { RedisService } from './redis/redis.service.js';
import { RetentionModule } from './retention/retention.module.js';

/**
 * Cross-cutting infrastructure: auth (global deny-by-default guard), errors, events,
 * realtime, rate limits, health and metrics, and the access policy (`AccessService`). Needs a provider of `SignInSessionCheck`
 * (the directory module gives one).
 */
@Global()
@Module({
  imports: [PassportModule, JwtModule.register({}), RetentionModule],
  controllers: [HealthController, MetricsController, AuditController, MailPreferencesController],
  providers: [
    AccessService,
    TokenService,
    JwtStrategy,
    AuditService,
    EventBus,
    RedisService,
    RateLimiter,
    Metrics,
    SocketAuth,
    PersonalDataService,
    AuditPersonalData,
    MailService,
    MailPersonalData,
    RealtimeGateway,
    RealtimeRelay,
    { provide: APP_GUARD, useClass: GlobalAuthGuard },
    { provide: APP_FILTER, useClass: ErrorFilter },
  ],
  exports: [
    AccessService,
    AuditService,
    PersonalDataService,
    TokenService,
    EventBus,
    RedisService,
    RateLimiter,
    Metrics,
    RealtimeGateway,
    SocketAuth,
    MailService,
  ],
})
export class PlatformModule {}
