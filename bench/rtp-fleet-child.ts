// The fleet's process (bench/rtp-fleet.ts): N counting sinks, then N
// replayers on one clock, answering the parent's requests over IPC.
import {
  type PointSsrcs,
  pointReplayer,
  type RtpReplayer,
  rtpCounter,
} from '../test/support/rtp-replay.js';

const count = Number(process.argv[2]);
const sinks = await Promise.all(Array.from({ length: count }, () => rtpCounter()));
const replayers: RtpReplayer[] = [];
const clock = setInterval(() => {
  for (const r of replayers) r.tick();
}, 5);

type Request = { id: number; command: string; args?: unknown };
process.on('message', async (m: Request) => {
  const reply = (value: unknown) => process.send?.({ id: m.id, value });
  if (m.command === 'sinks') return reply(sinks.map((s) => s.port));
  if (m.command === 'send') {
    for (const t of m.args as Array<{ port: number; ssrcs: PointSsrcs }>) {
      const r = await pointReplayer({ ip: '127.0.0.1', port: t.port }, t.ssrcs);
      await r.start({ ownClock: false });
      replayers.push(r);
    }
    return reply(null);
  }
  if (m.command === 'tally')
    return reply({
      received: sinks.reduce((n, s) => n + s.tally().received, 0),
      sent: replayers.reduce((n, r) => n + r.sent, 0),
    });
});
process.on('SIGTERM', () => {
  clearInterval(clock);
  for (const r of replayers) r.stop();
  process.exit(0);
});
