import { DrizzleQueryError } from 'drizzle-orm';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { dbErrorProblem, isTransientDbError } from '../../src/db/errors.js';
import { ErrorCode, HttpProblem } from '../../src/http/problem.js';

/** An error as node-postgres reports a PostgreSQL ErrorResponse. */
function pgError(code: string, message = `error ${code}`): pg.DatabaseError {
  const err = new pg.DatabaseError(message, 100, 'error');
  err.code = code;
  err.severity = 'ERROR';
  return err;
}

/** As drizzle rethrows it: the driver's error is the `cause`. */
const drizzle = (cause: Error) =>
  new DrizzleQueryError('update "sessions" set "title" = $1', ['x'], cause);

/** A Node socket error (connect, write). */
const sysError = (code: string, message = `connect ${code} 127.0.0.1:5432`) =>
  Object.assign(new Error(message), { code, errno: -1, syscall: 'connect' });

const TRANSIENT_STATES = [
  ['57P01', 'terminating connection due to administrator command'],
  ['57P02', 'terminating connection because of crash of another server process'],
  ['57P03', 'the database system is starting up'],
  ['57014', 'canceling statement due to user request'],
  ['40001', 'could not serialize access due to concurrent update'],
  ['40P01', 'deadlock detected'],
  ['53300', 'sorry, too many clients already'],
  ['55P03', 'could not obtain lock on row in relation "sessions"'],
  ['08006', 'connection failure'],
  ['08003', 'connection does not exist'],
  ['08000', 'connection exception'],
] as const;

describe('isTransientDbError', () => {
  it.each(TRANSIENT_STATES)(
    'SQLSTATE %s (%s) is transient, bare and wrapped by drizzle',
    (code, message) => {
      expect(isTransientDbError(pgError(code, message))).toBe(true);
      expect(isTransientDbError(drizzle(pgError(code, message)))).toBe(true);
    },
  );

  it.each([
    'Connection terminated unexpectedly',
    'Connection terminated due to connection timeout',
    'Client has encountered a connection error and is not queryable',
    'timeout exceeded when trying to connect',
    'Client was closed and is not queryable',
  ])('node-postgres’s "%s" (no code) is transient, bare and wrapped', (message) => {
    expect(isTransientDbError(new Error(message))).toBe(true);
    expect(isTransientDbError(drizzle(new Error(message)))).toBe(true);
  });

  it.each(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN'])(
    'a %s socket error is transient, bare and wrapped',
    (code) => {
      expect(isTransientDbError(sysError(code))).toBe(true);
      expect(isTransientDbError(drizzle(sysError(code)))).toBe(true);
    },
  );

  it('an ECONNREFUSED from both addresses of localhost (AggregateError) is transient', () => {
    const both = Object.assign(
      new AggregateError([sysError('ECONNREFUSED'), sysError('ECONNREFUSED', 'connect ::1')]),
      { code: 'ECONNREFUSED' },
    );
    expect(isTransientDbError(both)).toBe(true);
  });

  // 'EPIPE' has five capital letters like a SQLSTATE; it is still a network fault.
  it('a write to a closed socket (EPIPE) is transient', () => {
    expect(isTransientDbError(sysError('EPIPE', 'write EPIPE'))).toBe(true);
  });

  it.each([
    ['22021', 'invalid byte sequence for encoding "UTF8": 0x00'],
    ['22P05', 'unsupported Unicode escape sequence'],
    ['22008', 'date/time field value out of range'],
    ['23505', 'duplicate key value violates unique constraint "points_code_unique"'],
    ['23503', 'insert or update violates foreign key constraint'],
    ['54000', 'number of parameters must be between 0 and 65535'],
    ['42P01', 'relation "nope" does not exist'],
    ['42601', 'syntax error at or near "selec"'],
  ])('SQLSTATE %s (%s) is not transient', (code, message) => {
    expect(isTransientDbError(pgError(code, message))).toBe(false);
    expect(isTransientDbError(drizzle(pgError(code, message)))).toBe(false);
  });

  it('a SQLSTATE decides before the words of the message', () => {
    expect(isTransientDbError(pgError('23505', 'Connection terminated unexpectedly'))).toBe(false);
  });

  it('finds the SQLSTATE under a wrapper carrying a code of its own', () => {
    const wrapper = Object.assign(new Error('transaction failed', { cause: pgError('57P01') }), {
      code: 'ERR_TX',
    });
    expect(isTransientDbError(wrapper)).toBe(true);
    expect(isTransientDbError(new Error('outer', { cause: drizzle(pgError('40P01')) }))).toBe(true);
  });

  it('bugs and non-errors are not transient; a cause pointing at itself ends', () => {
    expect(isTransientDbError(new Error('boom'))).toBe(false);
    expect(
      isTransientDbError(new TypeError("Cannot read properties of undefined (reading 'id')")),
    ).toBe(false);
    expect(isTransientDbError(null)).toBe(false);
    expect(isTransientDbError(undefined)).toBe(false);
    expect(isTransientDbError('Connection terminated')).toBe(false);
    expect(isTransientDbError(42)).toBe(false);
    const loop = new Error('loop') as Error & { cause?: unknown };
    loop.cause = loop;
    expect(isTransientDbError(loop)).toBe(false);
  });
});

describe('dbErrorProblem', () => {
  const expectProblem = (err: unknown, status: number, code: ErrorCode) => {
    const problem = dbErrorProblem(err);
    expect(problem).toBeInstanceOf(HttpProblem);
    expect(problem?.status).toBe(status);
    expect(problem?.code).toBe(code);
  };

  it('a transient fault is 503 UNAVAILABLE: try again', () => {
    for (const err of [
      pgError('57P01'),
      pgError('57014'),
      pgError('08006'),
      drizzle(pgError('57P01')),
      new Error('Connection terminated unexpectedly'),
      drizzle(new Error('Connection terminated unexpectedly')),
      sysError('ECONNREFUSED'),
    ]) {
      expectProblem(err, 503, ErrorCode.UNAVAILABLE);
    }
  });

  it('a value PostgreSQL cannot store (class 22) is 400 VALIDATION_FAILED', () => {
    expectProblem(pgError('22021'), 400, ErrorCode.VALIDATION_FAILED);
    expectProblem(drizzle(pgError('22P05')), 400, ErrorCode.VALIDATION_FAILED);
    expectProblem(pgError('22003'), 400, ErrorCode.VALIDATION_FAILED);
  });

  it('too many values for one statement (class 54) is 400 BAD_REQUEST', () => {
    expectProblem(pgError('54000'), 400, ErrorCode.BAD_REQUEST);
    expectProblem(drizzle(pgError('54000')), 400, ErrorCode.BAD_REQUEST);
  });

  it('a constraint caught by a concurrent change (class 23) is 409 CONFLICT', () => {
    expectProblem(pgError('23505'), 409, ErrorCode.CONFLICT);
    expectProblem(drizzle(pgError('23P01')), 409, ErrorCode.CONFLICT);
  });

  it('anything else is ours, a 500: no problem to answer with', () => {
    expect(dbErrorProblem(pgError('42P01'))).toBeUndefined();
    expect(dbErrorProblem(drizzle(pgError('42601')))).toBeUndefined();
    expect(dbErrorProblem(new Error('boom'))).toBeUndefined();
    expect(dbErrorProblem(undefined)).toBeUndefined();
  });
});
