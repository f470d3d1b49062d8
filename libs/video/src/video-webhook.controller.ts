import { Controller, Headers, HttpCode, Post, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Public } from '@egov-box/platform';
import { VideoService } from './video.service.js';

interface RawRequest {
  rawBody?: Buffer;
  body?: unknown;
}

/** LiveKit calls this; no user signs in, the body's signature is the proof. */
@ApiTags('video')
@Controller('livekit')
export class VideoWebhookController {
  constructor(private readonly video: VideoService) {}

  @Post('webhook')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'LiveKit webhook (signed JWT with the sha256 of the raw body; processed once per id)' })
  @ApiOkResponse({ description: '{ received: true, duplicate }' })
  @ApiUnauthorizedResponse({ description: 'invalid_webhook_signature' })
  async webhook(@Req() req: RawRequest, @Headers('authorization') authorization?: string) {
    return { received: true, ...(await this.video.receiveWebhook(rawBodyOf(req), authorization)) };
  }
}

/** The bytes LiveKit signed: Nest keeps them when the app is created with `rawBody: true`. */
function rawBodyOf(req: RawRequest): string | undefined {
  if (req.rawBody) return req.rawBody.toString('utf8');
  if (Buffer.isBuffer(req.body)) return req.body.toString('utf8');
  return undefined;
}
