// The media plane under load. N fake points and the central hall send real
// RTP (Opus, and VP8 in three simulcast layers, replayed from ffmpeg
// captures) into plain transports in the briefing topology: the hall to
// every point, the floor holder to everyone, every other camera to the
// hall's wall at the lowest layer. Measured over 10 s after a 4 s warm-up,
// with 1 and 2 workers: packets received per second at the points' sockets
// (counted there, not read from thousands of consumers' stats, which would
// load the worker being measured), worker CPU, loss at the receivers
// (sequence-number gaps), the time to build the topology, and the same with
// a bare mediasoup script (same producers and consumers, same 4 MiB socket
// buffers, no giaoban code) in the same run. The largest N one worker carries
// with < 1 % loss is then searched for (bisection between the list's last
// passing and first failing N). Then join time with real WebRTC clients
// (Chromium).
//
//   npm run bench:media                    # N = 50, 100, 200, 300; 40 joins
//   npm run bench:media -- 50 100          # other N
//   BENCH_JOINS=0 npm run bench:media      # no join-time part
//   BENCH_WORKERS=1 npm run bench:media    # one worker only
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  pointReplayer,
  pointSsrcs,
  type RtpReplayer,
  rtpCounter,
} from '../test/support/rtp-replay.js';
import { joinTimes } from './media-join.js';
import { bareTopology, type Endpoint, giaobanTopology } from './media-topology.js';
import { machine, percentile, procStats } from './support.js';

const WARM_MS = 4_000;

/** Datagrams the kernel dropped because a UDP socket's receive buffer was full (all sockets). */
function udpBufferDrops(): number {
  const lines = readFileSync('/proc/net/snmp', 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('Udp:'));
  const [names, values] = lines.map((l) => l.split(/\s+/).slice(1));
  const i = names?.indexOf('RcvbufErrors') ?? -1;
  return i >= 0 ? Number(values?.[i] ?? 0) : 0;
}
const MEASURE_MS = 10_000;

interface Row {
  impl: 'giaoban' | 'bare';
  workers: number;
  n: number;
  receivedPps: number;
  /** Receivers' loss, from sequence numbers. */
  lossPct: number;
  /** Building the topology: transports, producers, consumers, pipes. */
  buildSeconds: number;
  /** Kernel drops at full UDP receive buffers, per second (pipe and sink sockets). */
  udpDropsPerSecond: number;
  workerCores: number[];
  benchCores: number;
}

async function run(impl: Row['impl'], workers: number, n: number): Promise<Row> {
  const sinks = await Promise.all(Array.from({ length: n + 1 }, () => rtpCounter()));
  const endpoints: Endpoint[] = sinks.map((sink, i) => ({
    code: i === 0 ? 'trung-uong' : `diem-${i}`,
    ssrcs: pointSsrcs(),
    sinkPort: sink.port,
  }));
  const building = performance.now();
  const topology = await (impl === 'giaoban' ? giaobanTopology : bareTopology)(workers, endpoints);
  const buildSeconds = (performance.now() - building) / 1000;
  const replayers: RtpReplayer[] = [];
  for (const [i, e] of endpoints.entries()) {
    const r = await pointReplayer(
      { ip: '127.0.0.1', port: topology.sendPorts[i] as number },
      e.ssrcs,
    );
    await r.start({ ownClock: false });
    replayers.push(r);
  }
  // One clock for every sender: N timers would cost more than the sending.
  const clock = setInterval(() => {
    for (const r of replayers) r.tick();
  }, 5);
  const snapshot = async () => {
    const at = performance.now();
    const udpDrops = udpBufferDrops();
    const cpu = topology.workerPids().map((pid) => procStats(pid).cpuSeconds);
    const self = process.cpuUsage();
    const tally = sinks.reduce(
      (t, s) => {
        const x = s.tally();
        return { received: t.received + x.received, expected: t.expected + x.expected };
      },
      { received: 0, expected: 0 },
    );
    return { at, udpDrops, cpu, self, tally };
  };
  try {
    await sleep(WARM_MS);
    const a = await snapshot();
    await sleep(MEASURE_MS);
    const b = await snapshot();
    const seconds = (b.at - a.at) / 1000;
    const received = b.tally.received - a.tally.received;
    const expected = b.tally.expected - a.tally.expected;
    const selfCpu = process.cpuUsage(a.self);
    return {
      impl,
      workers,
      n,
      receivedPps: received / seconds,
      lossPct: expected > 0 ? Math.max(0, (1 - received / expected) * 100) : 0,
      buildSeconds,
      udpDropsPerSecond: (b.udpDrops - a.udpDrops) / seconds,
      workerCores: b.cpu.map((c, i) => (c - (a.cpu[i] ?? 0)) / seconds),
      benchCores: (selfCpu.user + selfCpu.system) / 1e6 / seconds,
    };
  } finally {
    clearInterval(clock);
    for (const r of replayers) r.stop();
    await topology.close();
    await Promise.all(sinks.map((s) => s.close()));
  }
}

const fmt = (x: number, digits = 0) =>
  x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const perCore = (r: Row) => r.receivedPps / Math.max(1e-9, sum(r.workerCores));
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

async function main() {
  const args = process.argv.slice(2).map(Number).filter(Number.isFinite);
  const ns = args.length > 0 ? args : [50, 100, 200, 300];
  const joins = Number(process.env.BENCH_JOINS ?? 40);
  const rmem = readFileSync('/proc/sys/net/core/rmem_default', 'utf8').trim();
  console.log(`# media benchmark — ${machine()}, net.core.rmem_default ${rmem}\n`);
  const rows: Row[] = [];
  const workerCounts = (process.env.BENCH_WORKERS ?? '1,2').split(',').map(Number);
  for (const workers of workerCounts) {
    for (const n of ns) {
      // Alternating which goes first keeps warm caches and page cache from favouring one.
      const order: Row['impl'][] = n % 2 === 0 ? ['giaoban', 'bare'] : ['bare', 'giaoban'];
      for (const impl of order) {
        const row = await run(impl, workers, n);
        rows.push(row);
        console.error(
          `${impl} w=${workers} N=${n}: ${fmt(row.receivedPps)} pps received, loss ${fmt(row.lossPct, 2)} %, workers ${row.workerCores.map((c) => fmt(c, 2)).join('+')} cores, built in ${fmt(row.buildSeconds, 1)} s`,
        );
      }
    }
  }
  console.log(
    '| workers | N | impl | topology built | received pkt/s | loss % | kernel UDP buffer drops/s | worker CPU (cores) | received pkt/s per worker core | bench process CPU |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(
      `| ${r.workers} | ${r.n} | ${r.impl} | ${fmt(r.buildSeconds, 1)} s | ${fmt(r.receivedPps)} | ${fmt(r.lossPct, 2)} | ${fmt(r.udpDropsPerSecond)} | ${r.workerCores.map((c) => fmt(c, 2)).join(' + ')} | ${fmt(perCore(r))} | ${fmt(r.benchCores, 2)} |`,
    );
  }
  console.log(
    '\n| workers | N | giaoban / bare, received pkt/s per worker core | giaoban / bare, received pkt/s | giaoban / bare, build time |',
  );
  console.log('|---|---|---|---|---|');
  for (const g of rows.filter((r) => r.impl === 'giaoban')) {
    const b = rows.find((r) => r.impl === 'bare' && r.workers === g.workers && r.n === g.n);
    if (!b) continue;
    console.log(
      `| ${g.workers} | ${g.n} | ${fmt(perCore(g) / perCore(b), 2)} | ${fmt(g.receivedPps / b.receivedPps, 2)} | ${fmt(g.buildSeconds / b.buildSeconds, 2)} |`,
    );
  }
  await largestN(rows);
  if (joins > 0) {
    const { rtp, video } = await joinTimes(joins);
    console.log(
      `\nJoin time, socket opened → first RTP packet (audio) at the point, ${joins} joins: p50 ${fmt(percentile(rtp, 50))} ms, p99 ${fmt(percentile(rtp, 99))} ms; → first video packet: p50 ${fmt(percentile(video, 50))} ms, p99 ${fmt(percentile(video, 99))} ms.`,
    );
  }
}

/**
 * The largest N one worker carries with < 1 % loss: between the list's
 * largest passing N and its smallest failing one, bisected (each step a full
 * run) until the gap is under 10 % — not merely the last N of the list.
 */
async function largestN(rows: Row[]): Promise<void> {
  const single = rows.filter((r) => r.impl === 'giaoban' && r.workers === 1);
  const passing = single.filter((r) => r.lossPct < 1).map((r) => r.n);
  let low = passing.length > 0 ? Math.max(...passing) : 0;
  const failing = single.filter((r) => r.lossPct >= 1 && r.n > low).map((r) => r.n);
  let high = failing.length > 0 ? Math.min(...failing) : undefined;
  if (high === undefined) {
    console.log(
      `\nEvery N on one worker stayed under 1 % loss (largest ${low}): give a larger N to find the limit.`,
    );
    return;
  }
  const steps = Number(process.env.BENCH_SEARCH_STEPS ?? 4);
  for (let i = 0; i < steps && high - low > Math.max(5, low * 0.1); i++) {
    const mid = Math.round((low + high) / 2);
    const row = await run('giaoban', 1, mid);
    console.error(`search N=${mid}: loss ${fmt(row.lossPct, 2)} %`);
    if (row.lossPct < 1) low = mid;
    else high = mid;
  }
  console.log(
    `\nLargest N on one worker with < 1 % loss, by bisection: between ${low} (passes) and ${high} (fails).`,
  );
}

await main();
