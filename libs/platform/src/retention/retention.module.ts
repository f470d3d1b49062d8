import { Global, Module } from '@nestjs/common';
import { RetentionService } from './retention.service.js';

/** The daily retention run, for every library to register its sweeps with (imported by the platform). */
@Global()
@Module({
  providers: [RetentionService],
  exports: [RetentionService],
})
export class RetentionModule {}
