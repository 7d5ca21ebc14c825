import { createServer } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, inDays } from './support/api.js';
import { ADMIN_PASSWORD } from './support/app.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { type ServerProcess, startServerProcess } from './support/server-process.js';
import { TestClient } from './support/sockets.js';

/**
 * The server crashes (SIGKILL) in the middle of a session and starts again on
 * the same database and port: nothing the points did is lost, the intervals
 * the crash left open end where the points were last seen, roll calls go on,
 * and every client is back in its room with a snapshot.
 */
const CODES = ['trung-uong', 'ha-noi', 'hue', 'lai-chau', 'ca-mau'];

let database: TestDatabase;
let sql: pg.Client;
let port: number;
let server: ServerProcess | undefined;
const clients = new Map<string, TestClient>();

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

function start(): ServerProcess {
  return startServerProcess({
    DATABASE_URL: database.url,
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'info',
    SEED_POINTS: '2025',
    ADMIN_PASSWORD,
    PASSWORD_SCRYPT_LOG_N: '12',
    PRESENCE_FLUSH_SECONDS: '1',
    CHECKIN_WINDOW_MINUTES: '180',
    MEDIASOUP_WORKERS: '1',
    RTC_LISTEN_IP: '127.0.0.1',
    RTC_PORT: '0',
  });
}

beforeAll(async () => {
  database = await createTestDatabase();
  sql = new pg.Client({ connectionString: database.url });
  await sql.connect();
  port = await freePort();
});
afterAll(async () => {
  for (const c of clients.values()) c.close();
  server?.child.kill('SIGKILL');
  await sql?.end();
  await database?.drop();
});

describe('a crash in the middle of a session', () => {
  it('keeps check-ins, intervals and roll calls, and brings every client back', async () => {
    server = start();
    const url = await server.listening;
    const admin = await new Api(url).loginAdmin();
    const session = await admin.post('/api/v1/sessions', {
      title: 'Giao ban',
      kind: 'monthly',
      urgent: true,
      startsAt: inDays(0, 2),
      endsAt: inDays(0, 4),
      invitedPointCodes: CODES,
    });
    const sessionId = session.body.id;
    expect(
      (await admin.post(`/api/v1/sessions/${sessionId}/status`, { status: 'checkin' })).status,
    ).toBe(200);
    for (const code of CODES) {
      const { token } = (await admin.post(`/api/v1/points/${code}/credentials`)).body;
      const client = await TestClient.connect(url, token, sessionId);
      await client.firstSnapshot;
      clients.set(code, client);
      const ack = await client.emit('attendance:check-in', {
        sessionId,
        delegates: [{ name: `Đại biểu ${code}` }],
      });
      expect(ack.ok).toBe(true);
    }
    const staff = await TestClient.connect(url, admin.token as string, sessionId);
    await staff.firstSnapshot;
    const hall = clients.get('trung-uong') as TestClient;

    // A roll call that closes before the crash: four of five answer.
    const first = await staff.emit('rollcall:start', { sessionId, seconds: 5 });
    expect(first.ok).toBe(true);
    const firstId = first.ok ? first.data.rollCallId : '';
    for (const code of CODES.slice(0, 4)) {
      expect(
        (await clients.get(code)?.emit('rollcall:answer', { sessionId, rollCallId: firstId }))?.ok,
      ).toBe(true);
    }
    const closed = await hall.next<any>('rollcall:closed', (v) => v.rollCallId === firstId, 10_000);
    expect(closed.notAnswered).toEqual([CODES[4]]);

    // A roll call still open when the server dies: two answer before.
    const second = await staff.emit('rollcall:start', { sessionId, seconds: 15 });
    const secondId = second.ok ? second.data.rollCallId : '';
    for (const code of CODES.slice(0, 2)) {
      await clients.get(code)?.emit('rollcall:answer', { sessionId, rollCallId: secondId });
    }

    await new Promise((r) => setTimeout(r, 1500)); // at least one presence flush
    const killedAt = Date.now();
    server.child.kill('SIGKILL');
    await server.exited;

    const open = await sql.query(
      'select last_seen_at from connection_intervals where session_id = $1 and closed_at is null',
      [sessionId],
    );
    expect(open.rowCount).toBe(5);
    for (const { last_seen_at } of open.rows) {
      expect(last_seen_at.getTime()).toBeLessThanOrEqual(killedAt);
      expect(last_seen_at.getTime()).toBeGreaterThan(killedAt - 2500);
    }

    await new Promise((r) => setTimeout(r, 1000));
    const codes = [...clients.keys()];
    const backAgain = [...clients.values()].map((c) =>
      c.next('session:snapshot', () => true, 20_000),
    );
    const staffBack = staff.next('session:snapshot', () => true, 20_000);
    server = start();
    await server.listening;
    const restartedAt = Date.now();
    const snapshots = await Promise.all(backAgain);
    snapshots.forEach((snap, i) => {
      const code = codes[i] as string;
      // A point sees its own row; the central hall, whose wall names every point, all of them.
      const rows = snap.attendance.points;
      expect(rows).toHaveLength(code === 'trung-uong' ? CODES.length : 1);
      expect(rows.find((r: { code: string }) => r.code === code)).toMatchObject({
        code,
        checkedIn: true,
        connected: true,
        disconnects: 0,
      });
      // A point sees the open roll call with its own answer.
      expect(snap.rollCall).toMatchObject({ rollCallId: secondId, closedAt: null });
      const answeredBefore = CODES.slice(0, 2).includes(code);
      expect(snap.rollCall.answered.map((a: { code: string }) => a.code)).toEqual(
        answeredBefore ? [code] : [],
      );
    });
    const staffSnap = await staffBack;
    expect(staffSnap.attendance.points).toHaveLength(5);
    expect(staffSnap.rollCall.answered.map((a: { code: string }) => a.code).sort()).toEqual(
      CODES.slice(0, 2).sort(),
    );

    // The crash's intervals closed where the points were last seen; new ones opened after the restart.
    const intervals = await sql.query(
      'select opened_at, closed_at, last_seen_at from connection_intervals where session_id = $1 order by opened_at',
      [sessionId],
    );
    const [old, fresh] = [intervals.rows.slice(0, 5), intervals.rows.slice(5)];
    for (const i of old) {
      expect(i.closed_at.getTime()).toBe(i.last_seen_at.getTime());
      expect(i.closed_at.getTime()).toBeLessThanOrEqual(killedAt);
    }
    expect(fresh).toHaveLength(5);
    for (const i of fresh) {
      expect(i.closed_at).toBeNull();
      expect(i.opened_at.getTime()).toBeGreaterThan(killedAt);
    }

    // The open roll call goes on after the restart and closes at its deadline.
    const third = CODES[2] as string;
    expect(
      (await clients.get(third)?.emit('rollcall:answer', { sessionId, rollCallId: secondId }))?.ok,
    ).toBe(true);
    const secondClosed = await hall.next<any>(
      'rollcall:closed',
      (v) => v.rollCallId === secondId,
      20_000,
    );
    expect(secondClosed.answered.map((a: { code: string }) => a.code).sort()).toEqual(
      CODES.slice(0, 3).sort(),
    );
    expect(secondClosed.closedAt).toBe(second.ok ? second.data.deadlineAt : '');

    const admin2 = await new Api(`http://127.0.0.1:${port}`).loginAdmin();
    const record = (await admin2.get(`/api/v1/sessions/${sessionId}/attendance`)).body;
    expect(record.summary).toMatchObject({ invited: 5, present: 5, absent: 0, connected: 5 });
    expect(record.points.every((p: { disconnects: number }) => p.disconnects === 0)).toBe(true);
    const calls = (await admin2.get(`/api/v1/sessions/${sessionId}/rollcalls`)).body.rollCalls;
    expect(
      calls.map((c: { answered: unknown[]; notAnswered: string[] }) => [
        c.answered.length,
        c.notAnswered.length,
      ]),
    ).toEqual([
      [3, 2],
      [4, 1],
    ]);
    expect(restartedAt).toBeGreaterThan(killedAt);

    // A graceful stop closes the open intervals at the stop.
    staff.close();
    server.child.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);
    const still = await sql.query(
      'select count(*)::int as n from connection_intervals where closed_at is null',
    );
    expect(still.rows[0].n).toBe(0);
  });
});
