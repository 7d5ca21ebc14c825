import { and, count, eq } from 'drizzle-orm';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../src/build.js';
import type { Config } from '../src/config.js';
import { speakerEntries } from '../src/db/schema.js';
import { Api } from './support/api.js';
import { testConfig } from './support/app.js';
import { liveBriefing } from './support/briefing.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { TestClient } from './support/sockets.js';

/**
 * Model-based: random sequences of request (alone, with a key, or many at
 * once), withdraw, move, grant, end and server restart, against the real
 * server and PostgreSQL. After every step the real register must match the
 * model and keep its invariants: positions 1..n without gaps or duplicates,
 * at most one speaker, a history that only grows, and every speech's seconds
 * equal to its end minus its start.
 */
const CODES = ['ha-noi', 'hue', 'lai-chau', 'dien-bien', 'son-la', 'cao-bang'];

interface Model {
  queue: string[];
  current: string | null;
  spoken: number;
  /** The latest entry of each point. */
  entries: Map<string, string>;
  /** `${code}:${key}` → entry id. */
  keys: Map<string, string>;
}

interface Real {
  sessionId: string;
  admin: Api;
  moderator: TestClient;
  points: Map<string, TestClient>;
  historyLength: number;
}

let database: TestDatabase;
let config: Config;
let app: FastifyInstance;
let url: string;
let restarts = 0;

async function start(port = 0) {
  app = await buildServer({ config });
  await app.listen({ host: '127.0.0.1', port });
  url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
}

async function restart(real: Real) {
  const back = [real.moderator, ...real.points.values()].map((c) =>
    c.next('session:snapshot', () => true, 20_000),
  );
  const port = (app.server.address() as { port: number }).port;
  await app.close();
  await start(port);
  await Promise.all(back);
  restarts++;
}

async function checkInvariants(m: Model, r: Real) {
  const record = (await r.admin.get(`/api/v1/sessions/${r.sessionId}/speakers`)).body;
  const positions = record.queue.map((e: { position: number }) => e.position);
  expect(positions).toEqual(positions.map((_: number, i: number) => i + 1));
  expect(record.queue.map((e: { code: string }) => e.code)).toEqual(m.queue);
  expect(record.current?.code ?? null).toBe(m.current);
  const [speaking] = await app.database.db
    .select({ n: count() })
    .from(speakerEntries)
    .where(and(eq(speakerEntries.sessionId, r.sessionId), eq(speakerEntries.status, 'speaking')));
  expect(speaking?.n).toBeLessThanOrEqual(1);
  expect(record.history.length).toBeGreaterThanOrEqual(r.historyLength);
  expect(record.history).toHaveLength(m.spoken);
  r.historyLength = record.history.length;
  for (const h of record.history) {
    expect(h.seconds).toBe(Math.round((Date.parse(h.endedAt) - Date.parse(h.grantedAt)) / 1000));
  }
}

type Cmd = fc.AsyncCommand<Model, Real>;

class Request implements Cmd {
  constructor(
    readonly code: string,
    readonly key: string | undefined,
  ) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const ack = await r.points
      .get(this.code)
      ?.emit('speaker:request', { sessionId: r.sessionId, ...(this.key ? { key: this.key } : {}) });
    expect(ack?.ok).toBe(true);
    if (!ack?.ok) return;
    const keyed = this.key ? m.keys.get(`${this.code}:${this.key}`) : undefined;
    if (keyed) {
      expect(ack.data.entryId).toBe(keyed);
    } else if (m.current === this.code || m.queue.includes(this.code)) {
      expect(ack.data.entryId).toBe(m.entries.get(this.code));
      expect(ack.data.position).toBe(
        m.current === this.code ? null : m.queue.indexOf(this.code) + 1,
      );
    } else {
      m.queue.push(this.code);
      m.entries.set(this.code, ack.data.entryId);
      expect(ack.data.position).toBe(m.queue.length);
    }
    if (this.key && !keyed) m.keys.set(`${this.code}:${this.key}`, ack.data.entryId);
    await checkInvariants(m, r);
  }
  toString = () => `request(${this.code}${this.key ? `, ${this.key}` : ''})`;
}

class RequestAtOnce implements Cmd {
  constructor(readonly codes: string[]) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const acks = await Promise.all(
      this.codes.map((c) => r.points.get(c)?.emit('speaker:request', { sessionId: r.sessionId })),
    );
    expect(acks.every((a) => a?.ok)).toBe(true);
    const fresh = this.codes.filter((c) => c !== m.current && !m.queue.includes(c));
    const record = (await r.admin.get(`/api/v1/sessions/${r.sessionId}/speakers`)).body;
    const real: string[] = record.queue.map((e: { code: string }) => e.code);
    // The queue before keeps its order; the newcomers follow, in whatever order they won the race.
    expect(real.slice(0, m.queue.length)).toEqual(m.queue);
    expect([...real.slice(m.queue.length)].sort()).toEqual([...fresh].sort());
    m.queue = real;
    for (const e of record.queue) m.entries.set(e.code, e.entryId);
    await checkInvariants(m, r);
  }
  toString = () => `requestAtOnce(${this.codes.join(', ')})`;
}

class Withdraw implements Cmd {
  constructor(readonly code: string) {}
  check = (m: Readonly<Model>) => m.queue.includes(this.code);
  async run(m: Model, r: Real) {
    const ack = await r.points
      .get(this.code)
      ?.emit('speaker:withdraw', { sessionId: r.sessionId, entryId: m.entries.get(this.code) });
    expect(ack?.ok).toBe(true);
    m.queue = m.queue.filter((c) => c !== this.code);
    await checkInvariants(m, r);
  }
  toString = () => `withdraw(${this.code})`;
}

class Move implements Cmd {
  constructor(
    readonly index: number,
    readonly position: number,
  ) {}
  check = (m: Readonly<Model>) => this.index < m.queue.length;
  async run(m: Model, r: Real) {
    const code = m.queue[this.index] as string;
    const ack = await r.moderator.emit('speaker:move', {
      sessionId: r.sessionId,
      entryId: m.entries.get(code),
      position: this.position,
    });
    expect(ack.ok).toBe(true);
    m.queue.splice(this.index, 1);
    m.queue.splice(Math.min(this.position, m.queue.length + 1) - 1, 0, code);
    await checkInvariants(m, r);
  }
  toString = () => `move(#${this.index + 1} → ${this.position})`;
}

class Grant implements Cmd {
  constructor(readonly index: number) {}
  check = (m: Readonly<Model>) => this.index < m.queue.length;
  async run(m: Model, r: Real) {
    const code = m.queue[this.index] as string;
    const ack = await r.moderator.emit('speaker:grant', {
      sessionId: r.sessionId,
      entryId: m.entries.get(code),
      seconds: 3600,
    });
    if (m.current !== null) {
      expect(ack).toMatchObject({ ok: false, error: { code: 'FLOOR_BUSY' } });
    } else {
      expect(ack.ok).toBe(true);
      m.current = code;
      m.queue.splice(this.index, 1);
    }
    await checkInvariants(m, r);
  }
  toString = () => `grant(#${this.index + 1})`;
}

class End implements Cmd {
  check = () => true;
  async run(m: Model, r: Real) {
    const ack = await r.moderator.emit('speaker:end', { sessionId: r.sessionId });
    if (m.current === null) {
      expect(ack).toMatchObject({ ok: false, error: { code: 'NO_FLOOR' } });
    } else {
      expect(ack.ok).toBe(true);
      m.current = null;
      m.spoken++;
    }
    await checkInvariants(m, r);
  }
  toString = () => 'end()';
}

class Restart implements Cmd {
  check = () => true;
  async run(m: Model, r: Real) {
    await restart(r);
    await checkInvariants(m, r);
  }
  toString = () => 'restart()';
}

// One weighted choice per step: mostly queue work, now and then a restart.
const commands = [
  fc.oneof(
    {
      weight: 5,
      arbitrary: fc
        .tuple(
          fc.constantFrom(...CODES),
          fc.option(fc.constantFrom('k1', 'k2'), { nil: undefined }),
        )
        .map(([c, k]): Cmd => new Request(c, k)),
    },
    {
      weight: 2,
      arbitrary: fc.subarray(CODES, { minLength: 2 }).map((codes): Cmd => new RequestAtOnce(codes)),
    },
    { weight: 2, arbitrary: fc.constantFrom(...CODES).map((c): Cmd => new Withdraw(c)) },
    {
      weight: 3,
      arbitrary: fc
        .tuple(fc.nat(7), fc.integer({ min: 1, max: 8 }))
        .map(([i, p]): Cmd => new Move(i, p)),
    },
    { weight: 3, arbitrary: fc.nat(5).map((i): Cmd => new Grant(i)) },
    { weight: 2, arbitrary: fc.constant<Cmd>(new End()) },
    { weight: 1, arbitrary: fc.constant<Cmd>(new Restart()) },
  ),
];

beforeAll(async () => {
  database = await createTestDatabase();
  config = testConfig(database.url, { SEED_POINTS: '2025' });
  await start();
});
afterAll(async () => {
  await app?.close();
  await database?.drop();
});

describe('speaker register, model-based', () => {
  it('keeps its invariants under random sequences, concurrency and restarts', async () => {
    let day = 0;
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 30, size: 'max' }), async (cmds) => {
        day++;
        const admin = await new Api(url).loginAdmin();
        const briefing = await liveBriefing(admin, url, CODES, { day });
        const moderator = await TestClient.connect(url, admin.token as string, briefing.sessionId);
        await moderator.firstSnapshot;
        const real: Real = { ...briefing, admin, moderator, historyLength: 0 };
        try {
          await fc.asyncModelRun(
            () => ({
              model: { queue: [], current: null, spoken: 0, entries: new Map(), keys: new Map() },
              real,
            }),
            cmds,
          );
        } finally {
          moderator.close();
          for (const c of briefing.points.values()) c.close();
        }
      }),
      { numRuns: 20, endOnFailure: true },
    );
    // The runs did go through restarts.
    expect(restarts).toBeGreaterThan(0);
  }, 300_000);
});
