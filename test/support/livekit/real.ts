// The real LiveKit server lives in server.mjs, shared with `npm run bench`.
export { LIVEKIT_VERSION, RealLiveKit, freeTcpPort, livekitBinary } from './server.mjs';
