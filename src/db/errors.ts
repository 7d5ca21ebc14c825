import { ErrorCode, HttpProblem } from '../http/problem.js';

/**
 * What a failed database call means for the caller. PostgreSQL (and PGlite)
 * report SQLSTATE codes; node-postgres reports a dropped connection with
 * plain errors; drizzle wraps either in a DrizzleQueryError whose `cause` is
 * the original. Nothing here decides for a module: it only keeps a database
 * fault from reaching a person as "500 Internal Server Error".
 */

/** The database could not do it now, though it may in a moment: try again. */
const TRANSIENT_STATES = new Set([
  '57P01', // admin_shutdown: the backend was terminated (pg_terminate_backend, restart)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up or shutting down
  '57014', // query_canceled: pg_cancel_backend, statement_timeout
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '53300', // too_many_connections
  '55P03', // lock_not_available
]);
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);
/** node-postgres says these in words only. */
const TRANSIENT_MESSAGE =
  /Connection terminated|not queryable|timeout exceeded when trying to connect|Client was closed|Connection lost/i;

function* chain(error: unknown): Generator<{ code?: unknown; message?: unknown }> {
  let current = error as { code?: unknown; message?: unknown; cause?: unknown } | undefined;
  for (let depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
    yield current;
    current = current.cause as typeof current;
  }
}

/** A SQLSTATE: five digits or capitals — but not a system error such as EPIPE, which looks alike. */
const sqlState = (error: unknown): string | undefined => {
  for (const e of chain(error)) {
    const code = e.code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && !NETWORK_CODES.has(code)) {
      return code;
    }
  }
  return undefined;
};

/** A connection or availability fault: the same call may succeed in a moment. */
export function isTransientDbError(error: unknown): boolean {
  for (const e of chain(error)) {
    if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return true;
  }
  const state = sqlState(error);
  if (state) return state.startsWith('08') || TRANSIENT_STATES.has(state);
  for (const e of chain(error)) {
    if (typeof e.message === 'string' && TRANSIENT_MESSAGE.test(e.message)) return true;
  }
  return false;
}

/**
 * The HTTP problem a database error stands for, or undefined when it is a
 * real fault of ours (a bug: 500). The boundary checks input before it gets
 * here; this is the net under them.
 */
export function dbErrorProblem(error: unknown): HttpProblem | undefined {
  if (isTransientDbError(error)) {
    return new HttpProblem(
      503,
      ErrorCode.UNAVAILABLE,
      'The database is briefly unavailable; nothing was changed. Try again in a moment.',
    );
  }
  const state = sqlState(error);
  // Class 22: a value PostgreSQL cannot store (a NUL character, a date or
  // number out of range, malformed text for its type). Rejected before commit.
  if (state?.startsWith('22')) {
    return new HttpProblem(
      400,
      ErrorCode.VALIDATION_FAILED,
      'A value in the request cannot be stored (out of range, or with characters that are not allowed); nothing was changed.',
    );
  }
  // Class 54: too many values in one request for one statement.
  if (state?.startsWith('54')) {
    return new HttpProblem(400, ErrorCode.BAD_REQUEST, 'The request is too large to process.');
  }
  // Class 23: a constraint caught a concurrent change the code did not expect.
  if (state?.startsWith('23')) {
    return new HttpProblem(
      409,
      ErrorCode.CONFLICT,
      'Something changed at the same moment; nothing was changed. Reload and try again.',
    );
  }
  return undefined;
}
