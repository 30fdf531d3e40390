import type { DomainError } from '../core/errors.js';

/** What a use case answers: a value, or an expected failure with a stable code. */
export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: DomainError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T>(error: DomainError): Result<T> => ({ ok: false, error });
