import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AccessToken, TokenVerifier, type ClaimGrants } from 'livekit-server-sdk';

/**
 * A small LiveKit-compatible server for the tests. It speaks the Twirp JSON API that
 * livekit-server-sdk's RoomServiceClient and EgressClient use (POST
 * /twirp/livekit.RoomService/<Method>, /twirp/livekit.Egress/<Method>),
 * checks the bearer token with the SDK's TokenVerifier and the grants LiveKit requires for
 * each method, records every call, and keeps rooms and participants in memory. It also
 * signs webhooks the way LiveKit does: a JWT (our key and secret) whose `sha256` claim is the
 * base64 SHA-256 of the exact body, sent in the Authorization header.
 */
export interface RecordedCall<B extends TwirpBody = TwirpBody> {
  method: string;
  body: B;
  grants: ClaimGrants;
}

/** A participant's permission in LiveKit's Twirp JSON (a field at its default is left out). */
export interface PermissionJson {
  canSubscribe?: boolean;
  canPublish?: boolean;
  canPublishData?: boolean;
  /** The sources a participant may publish, by name (`CAMERA`, `MICROPHONE`, …). */
  canPublishSources?: string[];
  hidden?: boolean;
  [field: string]: unknown;
}

/**
 * A Twirp request's JSON body: the fields of livekit-server-sdk's request messages that this
 * server reads or the tests check, under their JSON names. A field at its default is left out.
 */
export interface TwirpBody {
  room?: string;
  roomName?: string;
  name?: string;
  names?: string[];
  identity?: string;
  egressId?: string;
  trackSid?: string;
  muted?: boolean;
  emptyTimeout?: number;
  maxParticipants?: number;
  permission?: PermissionJson;
  [field: string]: unknown;
}

/** Bodies more precise than {@link TwirpBody}, by method: what the portal always sends. */
interface TwirpBodies {
  UpdateParticipant: TwirpBody & { room: string; identity: string; permission: PermissionJson };
}

/** The body of `method`'s calls. */
export type BodyOfMethod<M extends string> = M extends keyof TwirpBodies ? TwirpBodies[M] : TwirpBody;

interface FakeParticipant {
  sid: string;
  identity: string;
  name: string;
  hidden: boolean;
  /** A published track: audio from the microphone unless `type`/`source` say otherwise (e.g. VIDEO/CAMERA). */
  tracks: { sid: string; muted: boolean; type?: 'AUDIO' | 'VIDEO'; source?: 'MICROPHONE' | 'CAMERA' }[];
  permission?: Record<string, unknown>;
}

export interface FakeEgress {
  egressId: string;
  roomName: string;
  status: 'EGRESS_STARTING' | 'EGRESS_ACTIVE' | 'EGRESS_ENDING' | 'EGRESS_COMPLETE' | 'EGRESS_FAILED';
  /** Nanoseconds since the epoch, as LiveKit's int64 JSON (a string). */
  startedAt: string;
  endedAt?: string;
  request: TwirpBody;
}

interface FakeRoom {
  sid: string;
  name: string;
  emptyTimeout: number;
  maxParticipants: number;
  participants: Map<string, FakeParticipant>;
}

export class FakeLiveKit {
  readonly apiKey = `APItest${randomBytes(4).toString('hex')}`;
  readonly apiSecret = randomBytes(32).toString('base64url');
  readonly calls: RecordedCall[] = [];
  readonly rooms = new Map<string, FakeRoom>();
  readonly egresses = new Map<string, FakeEgress>();
  /** When true every call fails with 503 (a LiveKit outage). */
  down = false;
  private server?: Server;
  url = '';

  static async start(): Promise<FakeLiveKit> {
    const lk = new FakeLiveKit();
    lk.server = createServer((req, res) => void lk.handle(req, res));
    await new Promise<void>((resolve) => lk.server!.listen(0, '127.0.0.1', resolve));
    lk.url = `http://127.0.0.1:${(lk.server.address() as AddressInfo).port}`;
    return lk;
  }

  /** What a TestApp needs to use this server. */
  get env(): Record<string, string> {
    return { LIVEKIT_URL: this.url, LIVEKIT_API_KEY: this.apiKey, LIVEKIT_API_SECRET: this.apiSecret };
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  callsOf<M extends string>(method: M): RecordedCall<BodyOfMethod<M>>[] {
    // The portal's calls of a method carry that method's request (livekit-server-sdk's message).
    return this.calls.filter((c): c is RecordedCall<BodyOfMethod<M>> => c.method === method);
  }

  /** Puts someone in a room (as if they connected), with one published audio track. */
  addParticipant(room: string, identity: string, name = identity, hidden = false): FakeParticipant {
    const r = this.room(room);
    const p: FakeParticipant = {
      sid: `PA_${randomBytes(6).toString('hex')}`,
      identity,
      name,
      hidden,
      tracks: [{ sid: `TR_${randomBytes(6).toString('hex')}`, muted: false }],
    };
    r.participants.set(identity, p);
    return p;
  }

  /** A webhook body and its Authorization header, signed like LiveKit (or with another secret). */
  async signWebhook(
    event: Record<string, unknown>,
    options: { secret?: string; tamper?: boolean } = {},
  ): Promise<{ body: string; authorization: string }> {
    const body = JSON.stringify(event);
    const at = new AccessToken(this.apiKey, options.secret ?? this.apiSecret, { ttl: '10m' });
    at.sha256 = createHash('sha256').update(body).digest('base64');
    const authorization = await at.toJwt();
    return { body: options.tamper ? body.replace('"participant_', '"participant__') : body, authorization };
  }

  /** An egress webhook (egress_started / egress_updated / egress_ended) as LiveKit sends it. */
  static egressEvent(
    kind: 'egress_started' | 'egress_updated' | 'egress_ended',
    egress: FakeEgress,
    file?: { location: string; filename?: string },
    id = `EV_${randomBytes(8).toString('hex')}`,
  ): Record<string, unknown> {
    return {
      event: kind,
      id,
      createdAt: String(Math.floor(Date.now() / 1000)),
      egressInfo: {
        ...FakeLiveKit.egressJson(egress),
        ...(file
          ? {
              fileResults: [
                {
                  filename: file.filename ?? file.location.split('/').pop(),
                  location: file.location,
                  startedAt: egress.startedAt,
                  endedAt: egress.endedAt ?? String(BigInt(Date.now()) * 1_000_000n),
                  size: '1048576',
                  duration: '60000000000',
                },
              ],
            }
          : {}),
      },
    };
  }

  static egressJson(e: FakeEgress): Record<string, unknown> {
    return {
      egressId: e.egressId,
      roomId: `RM_${e.roomName}`,
      roomName: e.roomName,
      status: e.status,
      startedAt: e.startedAt,
      ...(e.endedAt ? { endedAt: e.endedAt } : {}),
    };
  }

  /** A webhook event as LiveKit sends it (protobuf JSON: int64 as strings). */
  static event(
    kind: 'participant_joined' | 'participant_left' | 'room_finished' | 'room_started',
    room: string,
    identity?: string,
    createdAtSeconds = Math.floor(Date.now() / 1000),
    id = `EV_${randomBytes(8).toString('hex')}`,
  ): Record<string, unknown> {
    return {
      event: kind,
      id,
      createdAt: String(createdAtSeconds),
      room: { sid: `RM_${room}`, name: room },
      ...(identity ? { participant: { sid: `PA_${identity}`, identity, name: identity } } : {}),
    };
  }

  private room(name: string): FakeRoom {
    let r = this.rooms.get(name);
    if (!r) {
      r = {
        sid: `RM_${randomBytes(6).toString('hex')}`,
        name,
        emptyTimeout: 0,
        maxParticipants: 0,
        participants: new Map(),
      };
      this.rooms.set(name, r);
    }
    return r;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const fail = (status: number, code: string, msg: string) => send(status, { code, msg });
    if (this.down) return fail(503, 'unavailable', 'LiveKit is down (test)');
    const m = /^\/twirp\/livekit\.(RoomService|Egress)\/(\w+)$/.exec(req.url ?? '');
    if (req.method !== 'POST' || !m) return fail(404, 'bad_route', 'no such route');
    const method = m[2]!;
    const header = req.headers.authorization ?? '';
    let grants: ClaimGrants;
    try {
      grants = await new TokenVerifier(this.apiKey, this.apiSecret).verify(header.replace(/^Bearer /, ''));
    } catch {
      return fail(401, 'unauthenticated', 'invalid token');
    }
    let body: TwirpBody;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    } catch {
      return fail(400, 'malformed', 'bad json');
    }
    this.calls.push({ method, body, grants });
    // A string left out of the body is at its default, '' (proto3 JSON): no room, participant or egress has that name.
    const video = grants.video ?? {};
    const needsAdmin = () => video.roomAdmin === true && video.room === body.room;
    const participantJson = (p: FakeParticipant) => ({
      sid: p.sid,
      identity: p.identity,
      name: p.name,
      state: 'ACTIVE',
      tracks: p.tracks.map((t) => ({
        sid: t.sid,
        type: t.type ?? 'AUDIO',
        source: t.source ?? 'MICROPHONE',
        muted: t.muted,
      })),
      permission: { canSubscribe: true, canPublish: !p.hidden, canPublishData: !p.hidden, hidden: p.hidden },
    });
    const roomJson = (r: FakeRoom) => ({
      sid: r.sid,
      name: r.name,
      emptyTimeout: r.emptyTimeout,
      maxParticipants: r.maxParticipants,
      numParticipants: r.participants.size,
    });
    const now = () => String(BigInt(Date.now()) * 1_000_000n);
    switch (method) {
      case 'StartRoomCompositeEgress': {
        if (!video.roomRecord) return fail(403, 'permission_denied', 'roomRecord required');
        if (!this.rooms.has(body.roomName ?? '')) return fail(404, 'not_found', 'room not found');
        const e: FakeEgress = {
          egressId: `EG_${randomBytes(6).toString('hex')}`,
          roomName: body.roomName ?? '',
          status: 'EGRESS_STARTING',
          startedAt: now(),
          request: body,
        };
        this.egresses.set(e.egressId, e);
        return send(200, FakeLiveKit.egressJson(e));
      }
      case 'StopEgress': {
        if (!video.roomRecord) return fail(403, 'permission_denied', 'roomRecord required');
        const e = this.egresses.get(body.egressId ?? '');
        if (!e) return fail(404, 'not_found', 'egress not found');
        if (e.status === 'EGRESS_COMPLETE' || e.status === 'EGRESS_FAILED')
          return fail(412, 'failed_precondition', 'egress already ended');
        e.status = 'EGRESS_ENDING';
        return send(200, FakeLiveKit.egressJson(e));
      }
      case 'ListEgress': {
        if (!video.roomRecord) return fail(403, 'permission_denied', 'roomRecord required');
        const items = [...this.egresses.values()].filter((e) => !body.roomName || e.roomName === body.roomName);
        return send(200, { items: items.map((e) => FakeLiveKit.egressJson(e)) });
      }
      case 'CreateRoom': {
        if (!video.roomCreate) return fail(403, 'permission_denied', 'roomCreate required');
        const r = this.room(body.name ?? '');
        r.emptyTimeout = body.emptyTimeout ?? 0;
        r.maxParticipants = body.maxParticipants ?? 0;
        return send(200, roomJson(r));
      }
      case 'ListRooms': {
        if (!video.roomList) return fail(403, 'permission_denied', 'roomList required');
        const names: string[] = body.names ?? [];
        const rooms = [...this.rooms.values()].filter((r) => !names.length || names.includes(r.name));
        return send(200, { rooms: rooms.map(roomJson) });
      }
      case 'DeleteRoom': {
        if (!video.roomCreate) return fail(403, 'permission_denied', 'roomCreate required');
        this.rooms.delete(body.room ?? '');
        return send(200, {});
      }
      case 'ListParticipants': {
        if (!needsAdmin()) return fail(403, 'permission_denied', 'roomAdmin for this room required');
        const r = this.rooms.get(body.room ?? '');
        return send(200, { participants: r ? [...r.participants.values()].map(participantJson) : [] });
      }
      case 'GetParticipant':
      case 'RemoveParticipant':
      case 'MutePublishedTrack':
      case 'UpdateParticipant': {
        if (!needsAdmin()) return fail(403, 'permission_denied', 'roomAdmin for this room required');
        const p = this.rooms.get(body.room ?? '')?.participants.get(body.identity ?? '');
        if (!p) return fail(404, 'not_found', 'participant not found');
        if (method === 'GetParticipant') return send(200, participantJson(p));
        if (method === 'RemoveParticipant') {
          this.rooms.get(body.room ?? '')!.participants.delete(body.identity ?? '');
          return send(200, {});
        }
        if (method === 'MutePublishedTrack') {
          const t = p.tracks.find((x) => x.sid === body.trackSid);
          if (!t) return fail(404, 'not_found', 'track not found');
          t.muted = Boolean(body.muted);
          return send(200, { track: { sid: t.sid, type: 'AUDIO', muted: t.muted } });
        }
        p.permission = body.permission;
        return send(200, participantJson(p));
      }
      default:
        return fail(404, 'bad_route', `unknown method ${method}`);
    }
  }
}
