// The media plane under load. N fake points and the central hall send real
// RTP (Opus, and VP8 in three simulcast layers, replayed from ffmpeg
// captures) into plain transports in the briefing topology: the hall to
// every point, the floor holder to everyone, every other camera to the
// hall's wall at the lowest layer. Measured over 10 s after a 4 s warm-up,
// with 1 and 2 workers: packets received per second at the points' sockets
// (counted there, not read from thousands of consumers' stats, which would
// load the worker being measured), worker CPU, loss against what the
// topology should deliver (each forwarded stream at the rate its sender sent
// it, so a stream the kernel drops whole counts), the time to build the
// topology, then a floor change with the traffic flowing, and the same with
// a bare mediasoup script (same producers and consumers, same 4 MiB socket
// buffers, no giaoban code) in the same run. The largest N one worker carries
// with < 1 % loss is then searched for (bisection between the list's last
// passing and first failing N). Then, with the real server in this process
// and real WebRTC consoles in Chromium (bench/media-join.ts): join time into
// an empty room and into a room full of RTP fakes with consoles watching,
// and the worker's cost of a WebRTC packet against a plain one. Last, the
// worker cores a 3,400-point briefing's packets need, from these figures.
//
//   npm run bench:media                    # N = 50, 100, 200, 300; 20 joins
//   npm run bench:media -- 50 100          # other N
//   BENCH_JOINS=0 npm run bench:media      # no Chromium part
//   BENCH_WORKERS=1 npm run bench:media    # one worker only
//   BENCH_FAKES=100 BENCH_CONSOLES=4       # the full room (defaults)
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  type Capture,
  mediaCaptures,
  pointReplayer,
  pointSsrcs,
  type RtpReplayer,
  rtpCounter,
} from '../test/support/rtp-replay.js';
import { fullRoomJoins, type JoinFigures } from './media-join.js';
import {
  bareTopology,
  briefingEdges,
  type Endpoint,
  giaobanTopology,
  MIC,
} from './media-topology.js';
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
  /** What the topology should deliver: each forwarded stream at the rate its sender sent it. */
  expectedPps: number;
  /** Camera consumers mediasoup had not started (no current layer) at the window's end. */
  idleStreams: number;
  /** 1 − received ÷ expected: streams the kernel dropped whole count too. */
  lossPct: number;
  /** Building the topology: transports, producers, consumers, pipes. */
  buildSeconds: number;
  /** Kernel drops at full UDP receive buffers, per second (pipe and sink sockets). */
  udpDropsPerSecond: number;
  workerCores: number[];
  benchCores: number;
  floor: FloorChange;
}

/** A floor change in the middle of the traffic (endpoint 1 → endpoint 2). */
interface FloorChange {
  /** The call (consumers closed, created, layers switched). */
  switchMs: number;
  /** Per point: from the call to the new speaker's first audio and video packet. */
  p50Ms: number;
  maxMs: number;
  /** Points that received both new streams within the window, of those that should. */
  reached: number;
  of: number;
  /** received ÷ expected over the window after the switch (video waits for a key frame). */
  deliveredPct: number;
}

const FLOOR_WINDOW_MS = 5_000;

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
  const snapshot = () => ({
    at: performance.now(),
    udpDrops: udpBufferDrops(),
    cpu: topology.workerPids().map((pid) => procStats(pid).cpuSeconds),
    self: process.cpuUsage(),
    received: sinks.reduce((t, s) => t + s.tally().received, 0),
    sent: replayers.map((r) => r.streamPackets()),
  });
  type Snapshot = ReturnType<typeof snapshot>;
  // Each stream the policy forwards, at the layer mediasoup is sending (a
  // camera consumer mediasoup has not started — no current layer — is
  // counted apart: it is expected to send nothing).
  const expected = (a: Snapshot, b: Snapshot, speaker: number) => {
    let packets = 0;
    let idle = 0;
    for (const e of briefingEdges(n + 1, speaker)) {
      const layer = e.stream === MIC ? -1 : topology.cameraLayer(e.from, e.to);
      if (layer === undefined) {
        idle++;
        continue;
      }
      const stream = layer + 1;
      packets += (b.sent[e.from]?.[stream] ?? 0) - (a.sent[e.from]?.[stream] ?? 0);
    }
    return { packets, idle };
  };
  try {
    await sleep(WARM_MS);
    const a = snapshot();
    await sleep(MEASURE_MS);
    const b = snapshot();
    const seconds = (b.at - a.at) / 1000;
    const received = b.received - a.received;
    const { packets: expectedPackets, idle } = expected(a, b, 1);
    const selfCpu = process.cpuUsage(a.self);
    const floor = await floorChange(topology, sinks, snapshot, (x, y) => expected(x, y, 2).packets);
    return {
      impl,
      workers,
      n,
      receivedPps: received / seconds,
      expectedPps: expectedPackets / seconds,
      idleStreams: idle,
      lossPct: expectedPackets > 0 ? Math.max(0, (1 - received / expectedPackets) * 100) : 0,
      buildSeconds,
      udpDropsPerSecond: (b.udpDrops - a.udpDrops) / seconds,
      workerCores: b.cpu.map((c, i) => (c - (a.cpu[i] ?? 0)) / seconds),
      benchCores: (selfCpu.user + selfCpu.system) / 1e6 / seconds,
      floor,
    };
  } finally {
    clearInterval(clock);
    for (const r of replayers) r.stop();
    await topology.close();
    await Promise.all(sinks.map((s) => s.close()));
  }
}

/**
 * Moves the floor from endpoint 1 to endpoint 2 with the traffic flowing and
 * times it as the points see it: each point (but the hall, whose wall already
 * carries the new speaker's camera, and the new speaker) gets two new streams.
 */
async function floorChange<S extends { at: number; received: number }>(
  topology: { setFloor(index: number): Promise<void> },
  sinks: Array<Awaited<ReturnType<typeof rtpCounter>>>,
  snapshot: () => S,
  expected: (a: S, b: S) => number,
): Promise<FloorChange> {
  const known = sinks.map((s) => new Set(s.streams().map((x) => x.ssrc)));
  const before = snapshot();
  await topology.setFloor(2);
  const switchMs = performance.now() - before.at;
  await sleep(FLOOR_WINDOW_MS);
  const after = snapshot();
  const latencies: number[] = [];
  let of = 0;
  for (const [i, sink] of sinks.entries()) {
    if (i === 0 || i === 2) continue;
    of++;
    const fresh = sink.streams().filter((x) => !known[i]?.has(x.ssrc));
    if (fresh.length >= 2) latencies.push(Math.max(...fresh.map((x) => x.first)) - before.at);
  }
  const expectedPackets = expected(before, after);
  return {
    switchMs,
    p50Ms: latencies.length > 0 ? percentile(latencies, 50) : Number.NaN,
    maxMs: latencies.length > 0 ? Math.max(...latencies) : Number.NaN,
    reached: latencies.length,
    of,
    deliveredPct:
      expectedPackets > 0 ? ((after.received - before.received) / expectedPackets) * 100 : 0,
  };
}

const fmt = (x: number, digits = 0) =>
  x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const perCore = (r: Row) => r.receivedPps / Math.max(1e-9, sum(r.workerCores));
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

async function main() {
  const args = process.argv.slice(2).map(Number).filter(Number.isFinite);
  const ns = args.length > 0 ? args : [50, 100, 200, 300];
  const joins = Number(process.env.BENCH_JOINS ?? 20);
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
    '| workers | N | impl | topology built | camera streams not started | expected pkt/s | received pkt/s | loss % | kernel UDP buffer drops/s | worker CPU (cores) | received pkt/s per worker core | bench process CPU |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(
      `| ${r.workers} | ${r.n} | ${r.impl} | ${fmt(r.buildSeconds, 1)} s | ${r.idleStreams} | ${fmt(r.expectedPps)} | ${fmt(r.receivedPps)} | ${fmt(r.lossPct, 2)} | ${fmt(r.udpDropsPerSecond)} | ${r.workerCores.map((c) => fmt(c, 2)).join(' + ')} | ${fmt(perCore(r))} | ${fmt(r.benchCores, 2)} |`,
    );
  }
  console.log(
    `\nFloor change (endpoint 1 → 2) with the traffic flowing; latency per point from the call to both new streams' first packet; delivered = received ÷ expected over the ${FLOOR_WINDOW_MS / 1000} s after it.\n`,
  );
  console.log('| workers | N | impl | call | p50 | max | points reached | delivered % |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const f = r.floor;
    console.log(
      `| ${r.workers} | ${r.n} | ${r.impl} | ${fmt(f.switchMs)} ms | ${fmt(f.p50Ms)} ms | ${fmt(f.maxMs)} ms | ${f.reached} / ${f.of} | ${fmt(f.deliveredPct, 1)} |`,
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
  if (joins > 0) await fullRoom(joins);
  console.log(await coresFor3400(rows));
}

async function fullRoom(joins: number): Promise<void> {
  const fakes = Number(process.env.BENCH_FAKES ?? 100);
  const consoles = Number(process.env.BENCH_CONSOLES ?? 4);
  const f = await fullRoomJoins(joins, { fakes, consoles });
  const line = (label: string, j: JoinFigures) =>
    `| ${label} | ${fmt(percentile(j.rtp, 50))} ms | ${fmt(percentile(j.rtp, 99))} ms | ${fmt(percentile(j.video, 50))} ms | ${fmt(percentile(j.video, 99))} ms |`;
  console.log(
    `\nJoin time with real WebRTC (Chromium), ${joins} joins each, socket opened → first packet of the hall:\n`,
  );
  console.log('| room | RTP p50 | RTP p99 | video p50 | video p99 |');
  console.log('|---|---|---|---|---|');
  console.log(line('empty (the hall only)', f.empty));
  console.log(line(`full (${f.fakes} RTP fakes + ${f.consoles} consoles + the hall)`, f.full));
  console.log(
    `\nWorker CPU per packet handled (in + out): WebRTC, the hall and ${f.consoles} Chromium consoles alone, ${fmt(f.webRtc.us, 2)} µs (${fmt(f.webRtc.packetsPerSecond)} pkt/s, ${fmt(f.webRtc.workerCores, 3)} cores); plain RTP, ${f.fakes} fakes added, ${fmt(f.plain.us, 2)} µs (${fmt(f.plain.packetsPerSecond)} pkt/s, ${fmt(f.plain.workerCores, 3)} cores once the window's WebRTC packets are charged at their cost).`,
  );
  lastPacketCost = {
    plainUs: f.plain.us,
    webRtcUs: f.webRtc.us,
    coresPerWebRtcPoint: f.webRtc.workerCores / (f.consoles + 1),
    packetsPerWebRtcPoint: f.webRtc.packetsPerSecond / (f.consoles + 1),
  };
}

let lastPacketCost:
  | {
      plainUs: number;
      webRtcUs: number;
      /** Worker CPU per connected console (the hall and the watchers), all its traffic included. */
      coresPerWebRtcPoint: number;
      packetsPerWebRtcPoint: number;
    }
  | undefined;

/**
 * The worker cores a 3,400-point briefing's packets need, from this run's
 * measured figures: each point sends a microphone and a camera in three
 * layers and receives what the topology gives it (the hall and the speaker;
 * the hall a wall page), at the measured cost per packet handled. The idle
 * cost of the peers' transports comes on top (bench:room).
 */
async function coresFor3400(rows: Row[]): Promise<string> {
  const passing = rows.filter((r) => r.impl === 'giaoban' && r.workers === 1 && r.lossPct < 1);
  const best = passing.at(-1);
  if (!best) return '\nNo one-worker row under 1 % loss: no estimate.';
  const { audio, video } = await mediaCaptures();
  const rate = (c: { packets: unknown[]; durationMs: number }) =>
    c.packets.length / (c.durationMs / 1000);
  const inPerPoint = rate(audio) + video.reduce((t, c) => t + rate(c), 0);
  // Out per point at N = best.n, less the hall's wall (its page stays 49 at national scale).
  const wall = (best.n - 1) * rate(video[0] as Capture);
  const outPerPoint = (best.expectedPps - wall) / (best.n + 1);
  const points = 3_400;
  const packets = points * (inPerPoint + outPerPoint) + 49 * rate(video[0] as Capture);
  const plainUs = (sum(best.workerCores) / (best.expectedPps + (best.n + 1) * inPerPoint)) * 1e6;
  const plainCores = (packets * plainUs) / 1e6;
  const lines = [
    `\nPackets of a 3,400-point briefing: ${fmt(inPerPoint)} in + ${fmt(outPerPoint)} out per point and second, ${fmt(packets)} packets/s through the SFU.`,
    `- as plain RTP (${fmt(plainUs, 2)} µs of worker CPU per packet at N = ${best.n}): ${fmt(plainCores, 1)} worker cores — a lower bound;`,
  ];
  if (lastPacketCost) {
    const { coresPerWebRtcPoint, packetsPerWebRtcPoint, webRtcUs } = lastPacketCost;
    lines.push(
      `- as WebRTC consoles, each costing what a measured console cost (${fmt(coresPerWebRtcPoint * 1000, 1)} millicores for ${fmt(packetsPerWebRtcPoint)} pkt/s in + out, ${fmt(webRtcUs, 1)} µs a packet with SRTP, feedback and the transport's own timers): ${fmt(coresPerWebRtcPoint * 3_400, 1)} worker cores.`,
    );
  }
  lines.push('Plus the idle cost of the transports (bench:room).');
  return lines.join('\n');
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
