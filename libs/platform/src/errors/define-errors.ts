import { AppError } from './app-error.js';

/** The statuses the API answers an error with. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 405 | 406 | 409 | 413 | 415 | 429 | 500 | 503;

/**
 * One error of a feature: its code, the status it is always answered with, and, when every
 * call site says the same thing, its message.
 */
export interface ErrorDefinition {
  readonly code: string;
  readonly status: ErrorStatus;
  readonly message?: string;
  /** Details given when the call site gives none. */
  readonly details?: unknown;
}

/**
 * Makes the `AppError` of one definition. The message is the call site's, or the definition's
 * when the call site gives none; so are the details.
 */
export interface ErrorFactory<D extends ErrorDefinition = ErrorDefinition> {
  (
    ...args: D extends { message: string }
      ? [message?: string, details?: unknown]
      : [message: string, details?: unknown]
  ): AppError;
  readonly code: D['code'];
  readonly status: D['status'];
}

export type ErrorFactories<T extends Record<string, ErrorDefinition>> = { readonly [K in keyof T]: ErrorFactory<T[K]> };

/**
 * The one way a feature defines its errors: each code with its status, written once, gives a
 * factory (`CouncilErrors.noQuorum('Not enough members present')`) that always answers that
 * status. The factory also carries `code` and `status`, so a test or a comparison reads them
 * without making an error.
 */
export function defineErrors<const T extends Record<string, ErrorDefinition>>(definitions: T): ErrorFactories<T> {
  const factories: Record<string, ErrorFactory> = {};
  for (const [key, def] of Object.entries(definitions)) {
    const make = (message?: string, details?: unknown) => {
      const text = message ?? def.message;
      if (text === undefined) throw new Error(`Error ${def.code} needs a message`);
      return new AppError(def.status, def.code, text, details ?? def.details);
    };
    factories[key] = Object.assign(make, { code: def.code, status: def.status }) as ErrorFactory;
  }
  return Object.freeze(factories) as ErrorFactories<T>;
}

/** Every definition's code and status, for the catalogue of codes a test reads. */
export function definitionsOf(
  factories: Record<string, ErrorFactory>,
): { key: string; code: string; status: ErrorStatus }[] {
  return Object.entries(factories).map(([key, f]) => ({ key, code: f.code, status: f.status }));
}
