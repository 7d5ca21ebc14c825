import { once } from 'node:events';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../src/build.js';
import type { Config } from '../src/config.js';
import { Api } from './support/api.js';
import { testConfig } from './support/app.js';
import { liveBriefing } from './support/briefing.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { TestClient } from './support/sockets.js';

/** The server restarts while a point speaks: the queue is unchanged and the speech ends on time. */
let database: TestDatabase;
let config: Config;
let app: FastifyInstance | undefined;
let port: number;
const clients: TestClient[] = [];

async function start(): Promise<FastifyInstance> {
  const server = await buildServer({ config });
  await server.listen({ host: '127.0.0.1', port });
  port = (server.server.address() as { port: number }).port;
  return server;
}

beforeAll(async () => {
  database = await createTestDatabase();
  config = testConfig(database.url, { SEED_POINTS: '2025' });
  port = 0;
  app = await start();
});
afterAll(async () => {
  for (const c of clients) c.close();
  await app?.close();
  await database?.drop();
});

describe('restart with a speaker on the floor', () => {
  it('keeps the queue and honours the remaining time', async () => {
    const url = `http://127.0.0.1:${port}`;
    const admin = await new Api(url).loginAdmin();
    const codes = ['ha-noi', 'hue', 'ca-mau', 'lai-chau'];
    const b = await liveBriefing(admin, url, codes, { day: 1, speech: { warningSeconds: 0 } });
    clients.push(...b.points.values());
    for (const code of codes)
      await b.points.get(code)?.emit('speaker:request', { sessionId: b.sessionId });
    const moderator = await TestClient.connect(url, admin.token as string, b.sessionId);
    clients.push(moderator);
    await moderator.firstSnapshot;
    const queue = (await admin.get(`/api/v1/sessions/${b.sessionId}/speakers`)).body.queue;
    const grant = await moderator.emit('speaker:grant', {
      sessionId: b.sessionId,
      entryId: queue[0].entryId,
      seconds: 8,
    });
    expect(grant.ok).toBe(true);
    const endsAt = grant.ok ? Date.parse(grant.data.endsAt) : 0;

    await new Promise((r) => setTimeout(r, 2500));
    const before = (await admin.get(`/api/v1/sessions/${b.sessionId}/speakers`)).body;
    const speaker = b.points.get(queue[0].code) as TestClient;
    const backInRoom = speaker.next('session:snapshot', () => true, 15_000);
    await app?.close();
    const restartedAt = Date.now();
    app = await start();
    const ended = once(app.events, 'floor.ended');

    const after = (await admin.get(`/api/v1/sessions/${b.sessionId}/speakers`)).body;
    expect(after.queue).toEqual(before.queue);
    expect(after.current).toEqual(before.current);
    expect(after.queue.map((e: { position: number }) => e.position)).toEqual([1, 2, 3]);

    // Clients are back in the room with the floor in their snapshot.
    const snap = await backInRoom;
    expect(snap.floor).toMatchObject({
      entryId: queue[0].entryId,
      endsAt: new Date(endsAt).toISOString(),
    });

    const heard = speaker.next('floor:ended', () => true, 10_000);
    const [event] = await ended;
    const endedAtWall = Date.now();
    expect(event).toMatchObject({ entryId: queue[0].entryId, reason: 'time' });
    // Ended at the original limit, not eight seconds after the restart.
    expect(endedAtWall).toBeGreaterThanOrEqual(endsAt - 50);
    expect(endedAtWall).toBeLessThan(endsAt + 1500);
    expect(endedAtWall).toBeLessThan(restartedAt + 8000);
    expect(await heard).toMatchObject({
      endReason: 'time',
      seconds: 8,
      endedAt: new Date(endsAt).toISOString(),
    });
    const final = (await admin.get(`/api/v1/sessions/${b.sessionId}/speakers`)).body;
    expect(final.history).toEqual([
      expect.objectContaining({ entryId: queue[0].entryId, seconds: 8 }),
    ]);
    expect(final.queue).toEqual(before.queue);
  }, 30_000);
});
