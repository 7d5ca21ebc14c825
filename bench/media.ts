// The media plane under load. N fake points and the central hall send real
// RTP (Opus, and VP8 in three simulcast layers, replayed from ffmpeg
// captures) into plain transports in the briefing topology: the hall to
// every point, the floor holder to everyone, every other camera to the
// hall's wall at the lowest layer. Measured over 10 s after a 4 s warm-up,
// with 1 and 2 workers: packets forwarded per second, worker CPU, loss at
// the receivers (sequence-number gaps), and the same with a bare mediasoup
// script (same producers and consumers, no giaoban code) in the same run.
// Then join time with real WebRTC clients (Chromium).
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
  forwardedPps: number;
  receivedPps: number;
  /** Receivers' loss, from sequence numbers; and packets the SFU did not take in. */
  lossPct: number;
  ingressLossPct: number;
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
  const topology = await (impl === 'giaoban' ? giaobanTopology : bareTopology)(workers, endpoints);
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
    // Reading thousands of consumers' counters takes a while under load: the
    // reading belongs to the middle of that while, not to its start.
    const forwardedFrom = performance.now();
    const forwarded = await topology.forwarded();
    const forwardedAt = (forwardedFrom + performance.now()) / 2;
    // Reading every producer's counters takes a while with packets flowing:
    // compare them with what the senders had sent midway.
    const sentBefore = replayers.reduce((k, r) => k + r.sent, 0);
    const ingress = await topology.ingress();
    const sent = (sentBefore + replayers.reduce((k, r) => k + r.sent, 0)) / 2;
    return { at, udpDrops, cpu, self, tally, sent, forwarded, forwardedAt, ingress };
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
      forwardedPps: (b.forwarded - a.forwarded) / ((b.forwardedAt - a.forwardedAt) / 1000),
      receivedPps: received / seconds,
      lossPct: expected > 0 ? Math.max(0, (1 - received / expected) * 100) : 0,
      ingressLossPct: Math.max(0, (1 - (b.ingress - a.ingress) / (b.sent - a.sent)) * 100),
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
const perCore = (r: Row) => r.forwardedPps / Math.max(1e-9, sum(r.workerCores));
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
          `${impl} w=${workers} N=${n}: ${fmt(row.forwardedPps)} pps out, loss ${fmt(row.lossPct, 2)} %, workers ${row.workerCores.map((c) => fmt(c, 2)).join('+')} cores`,
        );
      }
    }
  }
  console.log(
    '| workers | N | impl | forwarded pkt/s | received pkt/s | loss % (ingress %) | kernel UDP buffer drops/s | worker CPU (cores) | pkt/s per worker core | bench process CPU |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(
      `| ${r.workers} | ${r.n} | ${r.impl} | ${fmt(r.forwardedPps)} | ${fmt(r.receivedPps)} | ${fmt(r.lossPct, 2)} (${fmt(r.ingressLossPct, 2)}) | ${fmt(r.udpDropsPerSecond)} | ${r.workerCores.map((c) => fmt(c, 2)).join(' + ')} | ${fmt(perCore(r))} | ${fmt(r.benchCores, 2)} |`,
    );
  }
  console.log(
    '\n| workers | N | giaoban / bare, pkt/s per worker core | giaoban / bare, forwarded pkt/s | giaoban / bare, received pkt/s |',
  );
  console.log('|---|---|---|---|---|');
  for (const g of rows.filter((r) => r.impl === 'giaoban')) {
    const b = rows.find((r) => r.impl === 'bare' && r.workers === g.workers && r.n === g.n);
    if (!b) continue;
    console.log(
      `| ${g.workers} | ${g.n} | ${fmt(perCore(g) / perCore(b), 2)} | ${fmt(g.forwardedPps / b.forwardedPps, 2)} | ${fmt(g.receivedPps / b.receivedPps, 2)} |`,
    );
  }
  const single = rows.filter((r) => r.impl === 'giaoban' && r.workers === 1 && r.lossPct < 1);
  const best = single.at(-1);
  if (best) {
    console.log(
      `\nLargest N measured on one worker with < 1 % loss: ${best.n} (worker at ${fmt(sum(best.workerCores) * 100)} % of a core; linear estimate for a full core: ${fmt(best.n / sum(best.workerCores))}).`,
    );
  }
  if (joins > 0) {
    const { rtp, video } = await joinTimes(joins);
    console.log(
      `\nJoin time, socket opened → first RTP packet (audio) at the point, ${joins} joins: p50 ${fmt(percentile(rtp, 50))} ms, p99 ${fmt(percentile(rtp, 99))} ms; → first video packet: p50 ${fmt(percentile(video, 50))} ms, p99 ${fmt(percentile(video, 99))} ms.`,
    );
  }
}

await main();
