// socket.io fuzzing: payloads per event, the rate budget, emitting with an ack and checking it.
import fc from 'fast-check';
import type { Socket } from 'socket.io-client';
import { ANSWER_TIMEOUT_MS } from './config.js';
import { materialise } from './hostile.js';
import { preview } from './report.js';
import { anyJson, type Hints, inputFor, type Schema } from './values.js';

// ---- socket.io ----------------------------------------------------------------------

/** Marks "emit with no payload at all" and "emit with extra arguments". */
export const NO_PAYLOAD = Symbol('no payload');
export class ExtraArgs {
  constructor(readonly args: unknown[]) {}
}

/** The socket contract's payload for one event, plus emits without or with extra arguments. */
export function socketPayloads(schema: Schema, hints: Hints): fc.Arbitrary<unknown> {
  const payload = inputFor(schema, hints, 'socket');
  return fc.oneof(
    { weight: 30, arbitrary: payload },
    { weight: 1, arbitrary: fc.constant(NO_PAYLOAD) },
    {
      weight: 1,
      arbitrary: fc.tuple(payload, anyJson()).map(([p, extra]) => new ExtraArgs([p, extra])),
    },
  );
}

/**
 * The server's per-socket budget (a burst of 40, then 20 per second), kept a
 * little under so fuzzing is not spent on RATE_LIMITED answers.
 */
export class Throttle {
  private tokens: number;
  private at = Date.now();
  constructor(initial = 30) {
    this.tokens = initial;
  }
  async take(): Promise<void> {
    for (;;) {
      const t = Date.now();
      this.tokens = Math.min(36, this.tokens + ((t - this.at) / 1000) * 18);
      this.at = t;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await new Promise((r) => setTimeout(r, Math.ceil(((1 - this.tokens) / 18) * 1000) + 5));
    }
  }
}

/** One emit, or (one time in eight) the same emit twice at once: races between equal events. */
export const socketTwice = fc.nat({ max: 7 }).map((n) => n === 0);

/**
 * socket.io closes a connection whose message exceeds `maxHttpBufferSize`
 * (1 MB here): by design, not something to fuzz. Such payloads are not sent.
 */
export const SOCKET_MESSAGE_LIMIT = 1_000_000;

function socketArgs(payload: unknown): unknown[] {
  return payload === NO_PAYLOAD
    ? []
    : payload instanceof ExtraArgs
      ? payload.args.map(materialise)
      : [materialise(payload)];
}

/** Whether the payload fits in one socket.io message. */
export function fitsSocketMessage(payload: unknown): boolean {
  const bytes = Buffer.byteLength(JSON.stringify(socketArgs(payload)) ?? '');
  return bytes < SOCKET_MESSAGE_LIMIT - 10_000;
}

/** Emits `event` with the generated payload and waits for the ack. */
export async function emitFuzzed(
  socket: Socket,
  event: string,
  payload: unknown,
): Promise<unknown> {
  return socket.timeout(ANSWER_TIMEOUT_MS).emitWithAck(event, ...socketArgs(payload));
}

export function previewPayload(payload: unknown): string {
  if (payload === NO_PAYLOAD) return '(no payload argument)';
  if (payload instanceof ExtraArgs)
    return `(arguments) ${payload.args.map((a) => preview(a)).join(', ')}`;
  return preview(payload);
}

/** Why an ack breaks the rules (undefined: it does not). */
export function ackViolation(ack: unknown): string | undefined {
  if (!ack || typeof ack !== 'object') return `ack is not an object: ${preview(ack)}`;
  const a = ack as { ok?: unknown; error?: { code?: unknown; message?: unknown } };
  if (a.ok === true) return undefined;
  if (a.ok !== false) return `ack without ok: ${preview(ack)}`;
  if (typeof a.error?.code !== 'string') return `error ack without a string code: ${preview(ack)}`;
  if (a.error.code === 'INTERNAL') return `INTERNAL: ${String(a.error.message)}`;
  return undefined;
}
