// Run settings: FUZZ_SEED, FUZZ_RUNS, FUZZ_SHRINK, FUZZ_TRACE, hang budget, answer time limit.
import { createHash } from 'node:crypto';

// ---- seeds and budgets ---------------------------------------------------------------

/** The fuzz seed: FUZZ_SEED=<n> replays a run; each route and event derives its own from it. */
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20_261_130);
/** FUZZ_RUNS=<factor> scales every run count (e.g. 10 for a long local run). */
export const RUN_FACTOR = Number(process.env.FUZZ_RUNS ?? 1);
/**
 * By default every failing input is recorded (fuzzing goes on) and the
 * failures are reported grouped by cause, each with its smallest input.
 * FUZZ_SHRINK=1: stop at the first failure of each route or event and let
 * fast-check shrink it to a minimal counterexample.
 */
export const SHRINK = process.env.FUZZ_SHRINK === '1';
/** A route or event that hung this often is not sent more (each hang costs the full timeout). */
export const MAX_HANGS = 2;
/** FUZZ_TRACE=<text>: print every input and answer of the routes or events whose name contains it. */
export const TRACE = process.env.FUZZ_TRACE;
/** No answer within this is a hang. */
export const ANSWER_TIMEOUT_MS = 10_000;

/** A seed per route or event: adding one does not change the inputs of the others. */
export function seedFor(name: string): number {
  return (FUZZ_SEED ^ createHash('sha256').update(name).digest().readInt32BE(0)) | 0;
}

export function runs(n: number): number {
  return Math.max(1, Math.round(n * RUN_FACTOR));
}

// ---- the answer time limit -----------------------------------------------------------

/** The promise's value, or a rejection "no answer within …" after `ms`. */
export async function within<T>(promise: Promise<T>, ms = ANSWER_TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export function isHang(problem: string): boolean {
  return problem.startsWith('no answer within') || problem.startsWith('no ack within');
}
