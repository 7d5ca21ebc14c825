import { type Api, inDays } from './api.js';
import { TestClient } from './sockets.js';

export interface Briefing {
  sessionId: string;
  points: Map<string, TestClient>;
}

/**
 * A live session with the given points connected (each with its own
 * credential, back in the session after any reconnection) and checked in.
 * `day` keeps sessions of one test file from clashing.
 */
export async function liveBriefing(
  admin: Api,
  url: string,
  codes: string[],
  options: {
    day: number;
    chair?: string;
    moderators?: string[];
    speech?: Record<string, unknown>;
    /** Invited too, but never connect (absent). */
    absent?: string[];
  },
): Promise<Briefing> {
  const created = await admin.post('/api/v1/sessions', {
    title: `Giao ban ${options.day}`,
    kind: 'monthly',
    urgent: true,
    startsAt: inDays(options.day),
    endsAt: inDays(options.day, 3),
    invitedPointCodes: [...codes, ...(options.absent ?? [])],
    ...(options.chair ? { chairUsername: options.chair } : {}),
    ...(options.moderators ? { moderatorUsernames: options.moderators } : {}),
    ...(options.speech ? { speech: options.speech } : {}),
  });
  if (created.status !== 201) throw new Error(`session: ${JSON.stringify(created.body)}`);
  const sessionId: string = created.body.id;
  for (const status of ['checkin', 'live']) {
    await admin.post(`/api/v1/sessions/${sessionId}/status`, { status });
  }
  const points = new Map<string, TestClient>();
  await Promise.all(
    codes.map(async (code) => {
      const { token } = (await admin.post(`/api/v1/points/${code}/credentials`)).body;
      const client = await TestClient.connect(url, token, sessionId);
      await client.firstSnapshot;
      const ack = await client.emit('attendance:check-in', {
        sessionId,
        delegates: [{ name: `Đại biểu ${code}` }],
      });
      if (!ack.ok) throw new Error(`check-in ${code}: ${JSON.stringify(ack)}`);
      points.set(code, client);
    }),
  );
  return { sessionId, points };
}
