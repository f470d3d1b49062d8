import { FakeLiveKit } from '../livekit-server.js';
import { RealLiveKit } from './server.mjs';

// The real LiveKit server lives in server.mjs, shared with `npm run bench`.
export { LIVEKIT_VERSION, RealLiveKit, freeTcpPort, livekitBinary } from './server.mjs';

/** What a suite that needs LiveKit configured (not its media) uses of it. */
export interface ConfiguredLiveKit {
  readonly env: Record<string, string>;
  close(): Promise<void>;
}

/**
 * LiveKit for the suites that need one configured, not its media: the real server — except
 * under the date matrix's moved clock (FAKETIME), where the stand-in in the test process takes
 * its place. The real server is a Go program that reads the kernel's clock itself, which
 * libfaketime cannot move, so the portal's tokens, signed months ahead, would not be valid yet
 * to it (nbf in the future) and every video call would fail for a reason no user meets.
 */
export async function configuredLiveKit(): Promise<ConfiguredLiveKit> {
  return process.env.FAKETIME ? FakeLiveKit.start() : RealLiveKit.start();
}
