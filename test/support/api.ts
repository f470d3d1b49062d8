import type { ErrorBody } from '../../libs/contracts/src/index.js';
import type { ApiMethod, BodyOf, ParamNames, PathOf, ResponseOf } from './api-types.js';
import type { RequestOptions, TestApp } from './app.js';

export type { ErrorBody };

/** A 2xx answer: the route's view. */
export interface Ok<T> {
  ok: true;
  status: number;
  body: T;
  headers: Headers;
}

/** Any other answer: the API's one error shape. */
export interface Failed {
  ok: false;
  status: number;
  body: ErrorBody;
  headers: Headers;
}

export type Answer<T> = Ok<T> | Failed;

/** Search parameters (a route's query schema coerces them from text). */
export type Query = Record<string, string | number | boolean | undefined>;

/**
 * What a typed call sends: `params` fills the path's `:names` (required when it has some),
 * `body` is the route's request (required when the route takes one; a route without one
 * takes `{}` or nothing), `query` the search parameters, and the token, cookie and headers
 * as for the untyped calls.
 */
export type Call<M extends ApiMethod, P extends PathOf<M>> = Omit<RequestOptions, 'raw'> & {
  query?: Query;
} & ([ParamNames<P>] extends [never] ? { params?: undefined } : { params: Record<ParamNames<P>, string | number> }) &
  (undefined extends BodyOf<M, P> ? { body?: BodyOf<M, P> } : { body: BodyOf<M, P> });

/** `call` is optional when it has nothing required in it. */
type CallArgs<M extends ApiMethod, P extends PathOf<M>> =
  Partial<Call<M, P>> extends Call<M, P> ? [call?: Call<M, P>] : [call: Call<M, P>];

/** `/api/x/:id` with `{ id }` → `/api/x/<id>` (each part URL-encoded), then `?query`. */
export function fillPath(template: string, params: Record<string, string | number> = {}, query?: Query): string {
  const path = template.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${template}: no value for :${name}`);
    return encodeURIComponent(String(value));
  });
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) search.set(k, String(v));
  const q = search.toString();
  return q ? `${path}?${q}` : path;
}

/**
 * The API as the contracts describe it (test/support/api-types.ts): `app.api.get(path, call)`
 * and the other methods take only the route map's paths, each with its own body, and answer an
 * {@link Answer} whose `body` is the route's view when `ok`, an {@link ErrorBody} otherwise.
 * {@link expectOk} and {@link expectError} check the status and narrow the answer.
 */
export class ApiClient {
  constructor(private readonly app: TestApp) {}

  async send<M extends ApiMethod, P extends PathOf<M>>(
    method: M,
    path: P,
    call: Call<M, P> | undefined,
  ): Promise<Answer<ResponseOf<M, P>>> {
    const { params, query, body, ...options } = (call ?? {}) as {
      params?: Record<string, string | number>;
      query?: Query;
      body?: unknown;
    } & RequestOptions;
    const res = await this.app.request(method, fillPath(path, params, query), body, options);
    return { ...res, ok: res.status >= 200 && res.status < 300 } as Answer<ResponseOf<M, P>>;
  }

  get = <P extends PathOf<'GET'>>(path: P, ...[call]: CallArgs<'GET', P>) => this.send('GET', path, call);
  post = <P extends PathOf<'POST'>>(path: P, ...[call]: CallArgs<'POST', P>) => this.send('POST', path, call);
  put = <P extends PathOf<'PUT'>>(path: P, ...[call]: CallArgs<'PUT', P>) => this.send('PUT', path, call);
  patch = <P extends PathOf<'PATCH'>>(path: P, ...[call]: CallArgs<'PATCH', P>) => this.send('PATCH', path, call);
  delete = <P extends PathOf<'DELETE'>>(path: P, ...[call]: CallArgs<'DELETE', P>) => this.send('DELETE', path, call);
}

function describe(res: { status: number; body: unknown }): string {
  return `${res.status} ${typeof res.body === 'string' ? res.body : JSON.stringify(res.body)}`;
}

/** Fails unless the answer has `status` (2xx; by default any 2xx); narrows it to the route's view. */
export function expectOk<T>(res: Answer<T>, status?: number): asserts res is Ok<T> {
  const good = status === undefined ? res.ok : res.status === status;
  if (!good || !res.ok) throw new Error(`expected ${status ?? '2xx'}, got ${describe(res)}`);
}

/** Fails unless the answer has `status` (not 2xx) and, when given, the error `code`; narrows it to the error. */
export function expectError<T>(res: Answer<T>, status: number, code?: string): asserts res is Failed {
  if (res.ok || res.status !== status)
    throw new Error(`expected ${status}${code ? ` ${code}` : ''}, got ${describe(res)}`);
  if (code !== undefined && res.body.code !== code) throw new Error(`expected ${status} ${code}, got ${describe(res)}`);
}

/** The view of an answer that must succeed (`status`, or any 2xx); `what` names the step in the failure. */
export async function ok<T>(answer: Promise<Answer<T>>, what: string, status?: number): Promise<T> {
  const res = await answer;
  try {
    expectOk(res, status);
  } catch (err) {
    throw new Error(`${what}: ${(err as Error).message}`, { cause: err });
  }
  return res.body;
}
