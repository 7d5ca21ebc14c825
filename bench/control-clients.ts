// The control-plane benchmark's clients and counting (bench/control-plane.ts):
// every socket's received WebSocket frames metered per receiver class and
// event, and the phase helpers both runs share (giaoban and the bare server).
import { io, type Socket } from 'socket.io-client';

export const REQUESTERS = 70;
export const ROLLCALL_SECONDS = 10;

// ---------------------------------------------------------------------------
// Counting.

export type Cls = 'points' | 'hall' | 'staff';
export const CLASSES: readonly Cls[] = ['points', 'hall', 'staff'];
export type Phase = 'connect + join + check-in' | 'roll call' | 'queue changes' | 'floor change';
export const PHASES: readonly Phase[] = [
  'connect + join + check-in',
  'roll call',
  'queue changes',
  'floor change',
];

/** Bytes and messages received, by class and event, since the last reset. */
export class Meter {
  counts = new Map<string, { bytes: number; messages: number }>();
  lastAt = performance.now();

  add(cls: Cls, event: string, bytes: number) {
    const key = `${cls}\t${event}`;
    const c = this.counts.get(key) ?? { bytes: 0, messages: 0 };
    c.bytes += bytes;
    c.messages += 1;
    this.counts.set(key, c);
    this.lastAt = performance.now();
  }

  reset() {
    this.counts = new Map();
  }

  snapshot(): Map<string, { bytes: number; messages: number }> {
    return new Map([...this.counts].map(([k, v]) => [k, { ...v }]));
  }
}

/** A frame from the server is unmasked: 2 bytes of header, 4 from 126 bytes, 10 from 64 KiB. */
export function frameBytes(payload: number): number {
  return payload + (payload < 126 ? 2 : payload < 65_536 ? 4 : 10);
}

/** Event name of a socket.io packet in its text form: `2["name",…]`, `3<id>[…]` (an ack). */
export function eventOf(data: string): string {
  if (data.startsWith('2')) return /^2\d*\["([^"]*)"/.exec(data)?.[1] ?? 'event?';
  if (data.startsWith('3')) return 'ack';
  if (data.startsWith('0')) return 'socket.io connect';
  return `socket.io type ${data[0]}`;
}

export interface Client {
  socket: Socket;
  cls: Cls;
  /** Events received since the phase began, and the last payload of each. */
  seen: Map<string, number>;
  last: Map<string, unknown>;
}

/** `keepLast`: keep the last payload of each event (not in the bare run, where it would hold N² entries). */
export function open(
  url: string,
  auth: Record<string, string>,
  cls: Cls,
  meter: Meter,
  keepLast = true,
): Client {
  const socket = io(url, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    auth,
    timeout: 120_000,
  });
  const client: Client = { socket, cls, seen: new Map(), last: new Map() };
  // The manager opens the engine at once (autoConnect): nothing arrives unseen.
  socket.io.engine.on('packet', (packet) => {
    const data = packet.data;
    if (packet.type === 'message' && typeof data === 'string') {
      // engine.io's type '4' + socket.io's packet
      meter.add(cls, eventOf(data), frameBytes(Buffer.byteLength(data) + 1));
    } else {
      const size =
        data === undefined
          ? 0
          : typeof data === 'string'
            ? Buffer.byteLength(data)
            : (data as ArrayBuffer).byteLength;
      meter.add(cls, `engine.io ${packet.type}`, frameBytes(size + 1));
    }
  });
  socket.onAny((event: string, payload: unknown) => {
    client.seen.set(event, (client.seen.get(event) ?? 0) + 1);
    if (keepLast) client.last.set(event, payload);
  });
  return client;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function until(what: string, done: () => boolean, deadlineMs: number): Promise<void> {
  const start = performance.now();
  while (!done()) {
    if (performance.now() - start > deadlineMs) throw new Error(`timed out: ${what}`);
    await sleep(10);
  }
}

/** Waits until nothing has arrived anywhere for `quietMs` (late coalesced broadcasts). */
export async function settle(meter: Meter, quietMs: number, maxMs = 15_000) {
  const start = performance.now();
  while (performance.now() - meter.lastAt < quietMs && performance.now() - start < maxMs)
    await sleep(50);
}

export function startPhase(meter: Meter, clients: Client[]) {
  meter.reset();
  for (const c of clients) c.seen.clear();
}

export const everyone = (clients: Client[], event: string, count = 1) =>
  clients.every((c) => (c.seen.get(event) ?? 0) >= count);

export async function connectJoinCheckIn(
  clients: Client[],
  sessionId: string,
  reply: (joined: boolean) => unknown,
): Promise<{ ms: number; failures: number; errors: Map<string, number> }> {
  let failures = 0;
  const errors = new Map<string, number>();
  const fail = (why: string) => {
    failures++;
    errors.set(why, (errors.get(why) ?? 0) + 1);
  };
  const start = performance.now();
  await Promise.all(
    clients.map(
      ({ socket }) =>
        new Promise<void>((resolve) => {
          socket.once('connect', async () => {
            try {
              const joined = await socket
                .timeout(120_000)
                .emitWithAck('session:join', { sessionId, reply: reply(true) });
              const checked = await socket.timeout(120_000).emitWithAck('attendance:check-in', {
                sessionId,
                delegates: [{ name: 'Đại biểu', title: 'Trưởng ban' }],
                reply: reply(false),
              });
              if (!joined.ok) fail(JSON.stringify(joined.error));
              else if (!checked.ok) fail(JSON.stringify(checked.error));
            } catch (err) {
              fail(String(err));
            }
            resolve();
          });
          socket.once('connect_error', (err) => {
            fail(`connect_error ${err.message}`);
            resolve();
          });
        }),
    ),
  );
  return { ms: performance.now() - start, failures, errors };
}

// ---------------------------------------------------------------------------
// One run against either server.

export interface PhaseResult {
  counts: Map<string, { bytes: number; messages: number }>;
  /** What the phase's time means, and the time. */
  time: string;
  ms: number;
}

/** What the giaoban run saw, replayed by the bare one. */
export interface Recorded {
  rollCallStarted: unknown; // the full view, as the people running the session get it
  rollCallClosed: unknown;
  answerAck: unknown;
  requestAcks: unknown[];
  fullQueue: { queue: unknown[] } & Record<string, unknown>; // 70 entries
  grantAck: unknown;
  floorGranted: unknown;
  queueAfterGrant: unknown;
}

export interface RunResult {
  phases: Map<Phase, PhaseResult>;
  notes: string[];
}

export type Ack = { ok: boolean; data?: unknown; error?: unknown };
