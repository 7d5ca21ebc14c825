// Media room operations at national scale, without RTP: how long filling a
// room takes, one more join with the room full, one leave, one floor change,
// a page of the hall's wall turning — and the event loop's delay meanwhile
// (socket.io and HTTP share that thread). Baseline in the same run: the bare
// mediasoup calls a join cannot avoid (two plain transports, two producers)
// on the same worker at the same size.
//
// With several workers (BENCH_WORKERS) the peers spread over them as the
// server places them (the least loaded first), with pipes between them; the
// workers' idle CPU with the room full is measured too (their own timers).
//
//   npm run bench:room                          # 100 400 1600 3400 peers, one worker
//   npm run bench:room -- 100 400               # chosen sizes
//   BENCH_WORKERS=4 npm run bench:room -- 1600 3400
import { createSocket } from 'node:dgram';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { pino } from 'pino';
import { MediaService } from '../src/media/media-service.js';
import { WorkerPool } from '../src/media/worker-pool.js';
import { joinPlain } from '../test/support/fake-point.js';
import { pointRtpParameters, pointSsrcs } from '../test/support/rtp-replay.js';
import { mediaConfig } from './media-topology.js';
import { machine, percentile, procStats } from './support.js';

const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => Number.isInteger(n) && n >= 2);
const SIZES = sizes.length > 0 ? sizes : [100, 400, 1600, 3400];
const SAMPLES = 15;
const WORKERS = Number(process.env.BENCH_WORKERS ?? 1);
const IDLE_MS = 5_000;

interface Row {
  peers: number;
  fillSeconds: number;
  fillLoopP99: number;
  joinMs: number;
  joinLoopP99: number;
  leaveMs: number;
  floorMs: number;
  floorLoopP99: number;
  floorPairs: number;
  pageMs: number;
  bareJoinMs: number;
  consumers: number;
  /** Worker CPU (cores, all workers) with the room full and nothing happening. */
  idleCores: number;
}

const median = (values: number[]) => percentile(values, 50);

async function measure(peers: number): Promise<Row> {
  const config = mediaConfig(WORKERS);
  const log = pino({ level: 'warn' });
  const pool = await WorkerPool.create({ config, log });
  const service = new MediaService(
    pool,
    log,
    {
      roomState: async () => ({ floorPointId: null, micOverrides: new Map() }),
      activeSpeaker: () => {},
      reset: () => {},
      network: () => {},
    },
    // No network sampling during the measurement.
    3_600_000,
  );
  // Where the SFU would send what peers receive: nothing flows without RTP.
  const sink = createSocket('udp4');
  await new Promise<void>((resolve) => sink.bind(0, '127.0.0.1', resolve));
  const sinkPort = sink.address().port;
  const room = await service.room(`bench-${peers}`);
  const loop = monitorEventLoopDelay({ resolution: 1 });
  const p99 = () => loop.percentile(99) / 1e6;
  const join = (i: number) =>
    joinPlain(room, { pointId: `p${i}`, code: `p${i}`, isHall: i === 0 }, pointSsrcs(), sinkPort);

  // Fill: the hall first, then every point, one after the other as they arrive.
  loop.enable();
  let started = performance.now();
  for (let i = 0; i < peers; i++) await join(i);
  const fillSeconds = (performance.now() - started) / 1000;
  const fillLoopP99 = p99();

  // The room full, nothing happening: what the workers' own timers cost.
  const cpu = () => pool.workers().reduce((t, w) => t + procStats(w.pid).cpuSeconds, 0);
  const idleFrom = { at: performance.now(), cpu: cpu() };
  await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
  const idleCores = (cpu() - idleFrom.cpu) / ((performance.now() - idleFrom.at) / 1000);

  // One join more, the room full (each measured to its consumers made).
  loop.reset();
  const joins: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    started = performance.now();
    await join(peers + i);
    joins.push(performance.now() - started);
  }
  const joinLoopP99 = p99();

  // One leave (and the room's answer to it).
  const leaves: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const peer = room.peers().find((p) => p.code === `p${peers + i}`);
    if (!peer) throw new Error('peer vanished');
    started = performance.now();
    room.leave(peer.id);
    await new Promise((resolve) => setImmediate(resolve));
    leaves.push(performance.now() - started);
  }

  // Floor changes between points: every point switches to the new speaker.
  loop.reset();
  const floors: number[] = [];
  let pairs = 0;
  for (let i = 0; i < SAMPLES; i++) {
    started = performance.now();
    await room.setFloor(`p${1 + ((i * 7) % (peers - 1))}`);
    floors.push(performance.now() - started);
    pairs += room.lastPassPairs;
  }
  const floorLoopP99 = p99();

  // The hall's wall turns a page of 49 points.
  const pages: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const first = 1 + ((i * 49) % Math.max(1, peers - 50));
    started = performance.now();
    await room.setWallPage(Array.from({ length: 49 }, (_, k) => `p${first + k}`));
    pages.push(performance.now() - started);
  }
  loop.disable();
  const consumers = room.peers().reduce((n, p) => n + p.consumers.size, 0);

  // Baseline: what a join costs in bare mediasoup on the same (as loaded) worker.
  const router = room.peers()[0]?.router;
  if (!router) throw new Error('no router');
  const bare: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const rtp = pointRtpParameters(pointSsrcs());
    started = performance.now();
    const send = await router.createPlainTransport({
      listenInfo: { protocol: 'udp', ip: '127.0.0.1' },
      comedia: true,
      rtcpMux: true,
    });
    await send.produce({ kind: 'audio', rtpParameters: rtp.mic });
    await send.produce({ kind: 'video', rtpParameters: rtp.camera });
    const recv = await router.createPlainTransport({
      listenInfo: { protocol: 'udp', ip: '127.0.0.1' },
      comedia: false,
      rtcpMux: true,
    });
    bare.push(performance.now() - started);
    send.close();
    recv.close();
  }

  service.close();
  await pool.close();
  sink.close();
  return {
    peers,
    fillSeconds,
    fillLoopP99,
    joinMs: median(joins),
    joinLoopP99,
    leaveMs: median(leaves),
    floorMs: median(floors),
    floorLoopP99,
    floorPairs: Math.round(pairs / SAMPLES),
    pageMs: median(pages),
    bareJoinMs: median(bare),
    consumers,
    idleCores,
  };
}

console.log(`# media room operations (bench/media-room.ts) — ${machine()}`);
console.log(
  `# ${WORKERS} worker(s), plain transports, no RTP; medians of 15; loop = event-loop delay p99`,
);
const rows: Row[] = [];
for (const n of SIZES) {
  const row = await measure(n);
  rows.push(row);
  const first = rows[0] as Row;
  const f = (v: number, d = 1) => v.toFixed(d);
  console.log(
    [
      `peers ${n}`,
      `fill ${f(row.fillSeconds, 2)} s (${f((row.fillSeconds / first.fillSeconds) * (first.peers / n), 2)}× per peer vs ${first.peers}; loop p99 ${f(row.fillLoopP99)} ms)`,
      `join ${f(row.joinMs)} ms (bare mediasoup ${f(row.bareJoinMs)} ms; loop p99 ${f(row.joinLoopP99)} ms)`,
      `leave ${f(row.leaveMs)} ms`,
      `floor change ${f(row.floorMs)} ms (${row.floorPairs} pairs looked at; loop p99 ${f(row.floorLoopP99)} ms)`,
      `wall page ${f(row.pageMs)} ms`,
      `consumers ${row.consumers}`,
      `idle workers ${f(row.idleCores, 2)} cores`,
    ].join(' | '),
  );
}
process.exit(0);
