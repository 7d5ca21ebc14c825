import { setTimeout as sleep } from 'node:timers/promises';
import { and, eq, isNull } from 'drizzle-orm';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectionIntervals } from '../src/db/schema.js';
import { Api, inDays } from './support/api.js';
import { baseUrl, startTestApp, type TestApp } from './support/app.js';
import { waitUntil } from './support/sockets.js';

/**
 * A console that joins and closes in the same instant (a page reloaded, a
 * line that drops as it comes up) must leave nothing behind: no point shown
 * connected with no socket, no interval counting time nobody had, no media
 * peer without a console.
 */
const POINT = 'ha-noi';
/** The media test's own point: its result must not depend on the first test's. */
const MEDIA_POINT = 'hue';
const ATTEMPTS = 30;

let t: TestApp;
let url: string;
let token: string;
let pointId: string;
let mediaToken: string;
let mediaPointId: string;
let sessionId: string;

beforeAll(async () => {
  t = await startTestApp({ env: { SEED_POINTS: '2025' }, listen: true });
  const admin = await new Api(t.app).loginAdmin();
  url = baseUrl(t.app);
  const created = await admin.post('/api/v1/sessions', {
    title: 'Vào rồi ra',
    kind: 'thematic',
    urgent: true,
    startsAt: inDays(1),
    endsAt: inDays(1, 2),
    invitedPointCodes: [POINT, MEDIA_POINT],
  });
  sessionId = created.body.id;
  for (const status of ['checkin', 'live'])
    await admin.post(`/api/v1/sessions/${sessionId}/status`, { status });
  token = (await admin.post(`/api/v1/points/${POINT}/credentials`)).body.token;
  pointId = (await admin.get(`/api/v1/points/${POINT}`)).body.id;
  mediaToken = (await admin.post(`/api/v1/points/${MEDIA_POINT}/credentials`)).body.token;
  mediaPointId = (await admin.get(`/api/v1/points/${MEDIA_POINT}`)).body.id;
}, 60_000);
afterAll(async () => {
  await t?.close();
});

async function connected(as = token): Promise<Socket> {
  const socket = io(url, { transports: ['websocket'], auth: { token: as }, reconnection: false });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

const openIntervals = (of = pointId) =>
  t.app.database.db
    .select({ id: connectionIntervals.id })
    .from(connectionIntervals)
    .where(
      and(
        eq(connectionIntervals.sessionId, sessionId),
        eq(connectionIntervals.pointId, of),
        isNull(connectionIntervals.closedAt),
      ),
    );

describe('a join racing its own disconnect', () => {
  it('leaves no phantom presence: not connected, no open interval', async () => {
    for (let i = 0; i < ATTEMPTS; i++) {
      // A cold session cache makes the join wait on the database, as after a restart.
      t.app.sessions.invalidate(sessionId);
      const socket = await connected();
      socket.emit('session:join', { sessionId }, () => {});
      // The close lands while the join waits on the database (0–4 ms later).
      await sleep(i % 5);
      socket.disconnect();
      await sleep(10);
    }
    await sleep(500);
    await waitUntil(async () => (await openIntervals()).length === 0, 5_000);
    expect(t.app.attendance.presence.isConnected(sessionId, pointId)).toBe(false);
    expect(t.app.attendance.presence.connectedCount(sessionId)).toBe(0);
  });

  it('leaves no media peer behind', async () => {
    for (let i = 0; i < ATTEMPTS; i++) {
      const socket = await connected(mediaToken);
      const joined = await socket.timeout(5000).emitWithAck('session:join', { sessionId });
      expect(joined.ok).toBe(true);
      // A room that has to open first (database, routers): the close lands meanwhile.
      t.app.media.closeRoom(sessionId);
      socket.emit('media:capabilities', { sessionId }, () => {});
      await sleep(i % 5);
      socket.disconnect();
      await sleep(10);
    }
    await sleep(500);
    const room = t.app.media.existing(sessionId);
    expect(room?.peers().filter((p) => p.pointId === mediaPointId) ?? []).toEqual([]);
    await waitUntil(async () => (await openIntervals(mediaPointId)).length === 0, 5_000);
  });
});
