import { Controller, Get, Header, Injectable } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { Authenticated } from '../auth/decorators.js';

/** The process's Prometheus registry. */
@Injectable()
export class Metrics {
  readonly registry = new Registry();
  readonly httpDuration = new Histogram({
    name: 'egov_http_request_duration_seconds',
    help: 'HTTP request duration',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly loginFailures = new Counter({
    name: 'egov_login_failures_total',
    help: 'Failed sign-in attempts',
    registers: [this.registry],
  });

  /** Authenticated requests and handshakes: answered by the process's cache of live sessions, or by the database. */
  readonly signInSessionChecks = new Counter({
    name: 'egov_session_checks_total',
    help: 'Session checks of authenticated requests and socket handshakes, by where the answer came from',
    labelNames: ['answer'],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'egov_' });
  }
}

@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  @Get()
  @Authenticated({ permission: 'metrics.read' })
  @Header('content-type', 'text/plain; version=0.0.4')
  @ApiOperation({ summary: 'Prometheus metrics (administrators)' })
  async metricsText(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
