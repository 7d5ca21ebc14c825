import { setTimeout as sleep } from 'node:timers/promises';
import { and, eq } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attendance, points, speakerEntries } from '../src/db/schema.js';
import { Api } from './support/api.js';
import { baseUrl, startTestApp, type TestApp } from './support/app.js';
import { liveBriefing } from './support/briefing.js';
import { TestClient, waitUntil } from './support/sockets.js';

/**
 * PostgreSQL misbehaving under a live session: backends terminated in the
 * middle of transactions, statements cancelled while they wait on a lock.
 * The server must ride through (no crash, no 5xx, no INTERNAL), every
 * acknowledged write must be stored, and deadlines must still take effect.
 */
let t: TestApp;
let admin: Api;
let url: string;
let codes: string[];
/** A connection of our own to the test database: it terminates, cancels and locks. */
let ops: pg.Client;
const open: TestClient[] = [];

beforeAll(async () => {
  t = await startTestApp({ env: { SEED_POINTS: '2019' }, listen: true });
  admin = await new Api(t.app).loginAdmin();
  url = baseUrl(t.app);
  codes = (await admin.get('/api/v1/points?kind=province&limit=100')).body.points.map(
    (p: { code: string }) => p.code,
  );
  ops = new pg.Client({ connectionString: t.database.url });
  await ops.connect();
}, 60_000);
afterAll(async () => {
  for (const c of open) c.close();
  await ops?.end();
  await t?.close();
});

async function briefing(day: number, pointCodes: string[], speech?: Record<string, unknown>) {
  const b = await liveBriefing(admin, url, pointCodes, {
    day,
    ...(speech ? { speech } : {}),
  });
  for (const c of b.points.values()) open.push(c);
  return b;
}

/** Every server backend of the test database but ours. */
async function terminateServerBackends(): Promise<number> {
  const { rows } = await ops.query(
    `select pg_terminate_backend(pid) as done from pg_stat_activity
     where datname = current_database() and pid <> pg_backend_pid()`,
  );
  return rows.length;
}

/** Waits until a server statement matching `like` waits on a lock, then cancels it. */
async function cancelWhenWaiting(like: string, blocker: pg.Client): Promise<void> {
  const blockerPid = (await blocker.query('select pg_backend_pid() as pid')).rows[0].pid;
  let pid: number | undefined;
  await waitUntil(async () => {
    const { rows } = await ops.query(
      `select pid from pg_stat_activity
       where datname = current_database() and wait_event_type = 'Lock'
         and pid not in (pg_backend_pid(), $1) and query ilike $2`,
      [blockerPid, like],
    );
    pid = rows[0]?.pid;
    return pid !== undefined;
  }, 15_000);
  await ops.query('select pg_cancel_backend($1)', [pid]);
}

async function connect(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: t.database.url });
  await client.connect();
  return client;
}

describe('backends terminated in the middle of live traffic', () => {
  it('the server keeps serving, answers UNAVAILABLE (never INTERNAL or 5xx), and loses no acknowledged write', async () => {
    const b = await briefing(1, codes.slice(0, 20));
    const acked = new Map<string, string>(); // point → the delegate name its last ok check-in stored
    const requested = new Map<string, string>(); // point → entry id of its ok request
    const failures: unknown[] = [];
    let stop = false;

    const traffic = [...b.points].map(async ([code, client], i) => {
      for (let round = 0; !stop; round++) {
        const name = `Đại biểu ${code} lượt ${round}`;
        const checkIn = await client.emit('attendance:check-in', {
          sessionId: b.sessionId,
          delegates: [{ name }],
        });
        if (checkIn.ok) acked.set(code, name);
        else if (checkIn.error.code !== 'UNAVAILABLE') failures.push(['check-in', checkIn]);
        const request = await client.emit('speaker:request', { sessionId: b.sessionId });
        if (request.ok) {
          requested.set(code, request.data.entryId);
          const withdraw = await client.emit('speaker:withdraw', {
            sessionId: b.sessionId,
            entryId: request.data.entryId,
          });
          if (withdraw.ok) requested.delete(code);
          else if (withdraw.error.code !== 'UNAVAILABLE') failures.push(['withdraw', withdraw]);
        } else if (request.error.code !== 'UNAVAILABLE') failures.push(['request', request]);
        await sleep(20 + (i % 5) * 10);
      }
    });
    const http = (async () => {
      while (!stop) {
        const res = await admin.get(`/api/v1/sessions/${b.sessionId}/readiness`);
        if (res.status >= 500 && res.status !== 503) failures.push(['readiness', res.status]);
        if (res.status >= 400) expect(res.headers['content-type']).toContain('problem+json');
        await sleep(50);
      }
    })();

    let terminated = 0;
    for (let i = 0; i < 12; i++) {
      await sleep(150);
      terminated += await terminateServerBackends();
    }
    stop = true;
    await Promise.all([...traffic, http]);

    expect(terminated).toBeGreaterThan(0);
    expect(failures).toEqual([]);
    // Still serving, with fresh connections.
    expect((await admin.get('/health')).status).toBe(200);
    expect((await admin.get(`/api/v1/sessions/${b.sessionId}`)).status).toBe(200);
    // Every acknowledged check-in is stored (the last one acknowledged, or a later one).
    const db = t.app.database.db;
    const stored = await db
      .select({ code: points.code, delegates: attendance.delegates })
      .from(attendance)
      .innerJoin(points, eq(points.id, attendance.pointId))
      .where(eq(attendance.sessionId, b.sessionId));
    const byCode = new Map(stored.map((r) => [r.code, r.delegates[0]?.name ?? '']));
    for (const [code, name] of acked) {
      const round = (n: string) => Number(n.split(' lượt ')[1] ?? -1);
      expect(round(byCode.get(code) ?? '')).toBeGreaterThanOrEqual(round(name));
    }
    // Every acknowledged request that was not withdrawn is in the queue.
    for (const entryId of requested.values()) {
      const [entry] = await db.select().from(speakerEntries).where(eq(speakerEntries.id, entryId));
      expect(entry?.status).toBe('queued');
    }
  }, 60_000);
});

describe('a failed statement does not leave state wrong', () => {
  it('the floor clock whose statement is cancelled retries: the speech still ends', async () => {
    const b = await briefing(2, [codes[0] as string], { seconds: 10, warningSeconds: 0 });
    const speaker = b.points.get(codes[0] as string) as TestClient;
    const entry = await speaker.emit('speaker:request', { sessionId: b.sessionId });
    if (!entry.ok) throw new Error(JSON.stringify(entry));
    const staff = await connectStaff();
    const grant = await staff.emit('speaker:grant', {
      sessionId: b.sessionId,
      entryId: entry.data.entryId,
      seconds: 5,
    });
    expect(grant.ok).toBe(true);
    // Hold the register's lock so the timer's statement waits on it, then cancel that statement.
    const blocker = await connect();
    await blocker.query('select pg_advisory_lock(hashtextextended($1, 0))', [
      `speakers:${b.sessionId}`,
    ]);
    const ended = speaker.next('floor:ended', () => true, 20_000);
    await cancelWhenWaiting('%pg_advisory_xact_lock%', blocker);
    await blocker.query('select pg_advisory_unlock_all()');
    await blocker.end();
    expect(await ended).toMatchObject({ entryId: entry.data.entryId, endReason: 'time' });
    const [row] = await t.app.database.db
      .select()
      .from(speakerEntries)
      .where(eq(speakerEntries.id, entry.data.entryId));
    expect(row?.status).toBe('spoken');
  }, 40_000);

  it('a roll call whose close is cancelled still closes, and the next one may start', async () => {
    const b = await briefing(3, [codes[1] as string]);
    const staff = await connectStaff();
    await staff.emit('session:join', { sessionId: b.sessionId });
    const started = await staff.emit('rollcall:start', { sessionId: b.sessionId, seconds: 5 });
    if (!started.ok) throw new Error(JSON.stringify(started));
    const blocker = await connect();
    await blocker.query('begin');
    await blocker.query('select * from roll_calls where id = $1 for update', [
      started.data.rollCallId,
    ]);
    const closed = staff.next('rollcall:closed', () => true, 20_000);
    await cancelWhenWaiting('%roll_calls%', blocker);
    await blocker.query('commit');
    await blocker.end();
    expect(await closed).toMatchObject({ rollCallId: started.data.rollCallId });
    const next = await staff.emit('rollcall:start', { sessionId: b.sessionId, seconds: 30 });
    expect(next.ok).toBe(true);
  }, 40_000);

  it('a grant acknowledges exactly what was committed: floor and broadcast, or neither', async () => {
    const b = await briefing(4, [codes[2] as string]);
    const point = b.points.get(codes[2] as string) as TestClient;
    const entry = await point.emit('speaker:request', { sessionId: b.sessionId });
    if (!entry.ok) throw new Error(JSON.stringify(entry));
    const staff = await connectStaff();
    await staff.emit('session:join', { sessionId: b.sessionId });
    const granted: unknown[] = [];
    point.socket.on('floor:granted', (e: unknown) => granted.push(e));
    // Readers of the point's name wait behind this lock; the waiting statement is cancelled.
    const blocker = await connect();
    await blocker.query('begin');
    await blocker.query('lock table points in access exclusive mode');
    const ack = staff.emit('speaker:grant', {
      sessionId: b.sessionId,
      entryId: entry.data.entryId,
      seconds: 600,
    });
    await cancelWhenWaiting('%points%', blocker);
    await blocker.query('commit');
    await blocker.end();
    const answer = await ack;
    await sleep(500);
    const [row] = await t.app.database.db
      .select({ status: speakerEntries.status })
      .from(speakerEntries)
      .where(
        and(eq(speakerEntries.sessionId, b.sessionId), eq(speakerEntries.id, entry.data.entryId)),
      );
    if (answer.ok) {
      expect(row?.status).toBe('speaking');
      expect(granted).toHaveLength(1);
    } else {
      expect(answer.error.code).toBe('UNAVAILABLE');
      expect(row?.status).toBe('queued');
      expect(granted).toHaveLength(0);
      // Asked again, it works, and everyone hears it.
      const again = await staff.emit('speaker:grant', {
        sessionId: b.sessionId,
        entryId: entry.data.entryId,
        seconds: 600,
      });
      expect(again.ok).toBe(true);
      await waitUntil(() => granted.length === 1);
    }
  }, 40_000);
});

async function connectStaff(): Promise<TestClient> {
  const client = await TestClient.connect(url, admin.token as string);
  open.push(client);
  return client;
}
