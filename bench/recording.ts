// What recording one session costs: the central hall and the floor holder
// send real Opus and simulcast VP8 over RTP into a room (one worker); the
// same room is measured for BENCH_SECONDS without recording (the baseline),
// then while the recorder runs. Reported: ffmpeg's CPU, the worker's CPU and
// the server process's CPU (the recorder's audio relays) over each window,
// as a share of one core, and the bytes written per minute.
//
//   npm run bench:recording            # 30 s each
//   BENCH_SECONDS=60 npm run bench:recording
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import { MediaService } from '../src/media/media-service.js';
import { Recorder } from '../src/media/recorder.js';
import { WorkerPool } from '../src/media/worker-pool.js';
import { fakePoint } from '../test/support/fake-point.js';
import { mediaConfig } from './media-topology.js';
import { machine, procStats } from './support.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);

const log = pino({ level: 'warn' });
const pool = await WorkerPool.create({ config: mediaConfig(1), log });
const service = new MediaService(
  pool,
  log,
  {
    roomState: async () => ({ floorPointId: 'floor', micOverrides: new Map() }),
    activeSpeaker: () => {},
    reset: () => {},
    network: () => {},
  },
  3_600_000,
);
const room = await service.room('bench-recording');
const hall = await fakePoint(room, { pointId: 'hall', code: 'trung-uong', isHall: true });
const floor = await fakePoint(room, { pointId: 'floor', code: 'ha-noi', isHall: false });
const worker = pool.workers()[0];
if (!worker) throw new Error('no worker');
await sleep(2000);

/** CPU (share of one core) of the worker and of this process over `SECONDS`, and ffmpeg's if it runs. */
async function window(ffmpegPid?: number) {
  const w0 = procStats(worker?.pid as number).cpuSeconds;
  const n0 = process.cpuUsage();
  const f0 = ffmpegPid ? procStats(ffmpegPid).cpuSeconds : 0;
  const t0 = performance.now();
  await sleep(SECONDS * 1000);
  const s = (performance.now() - t0) / 1000;
  const n = process.cpuUsage(n0);
  return {
    worker: (procStats(worker?.pid as number).cpuSeconds - w0) / s,
    server: (n.user + n.system) / 1e6 / s,
    ffmpeg: ffmpegPid ? (procStats(ffmpegPid).cpuSeconds - f0) / s : 0,
    seconds: s,
  };
}

const baseline = await window();
const dir = mkdtempSync(path.join(os.tmpdir(), 'giaoban-bench-rec-'));
const recorder = await Recorder.create({
  room,
  dir,
  ffmpegPath: process.env.FFMPEG_PATH ?? 'ffmpeg',
  ffprobePath: 'ffprobe',
  segmentSeconds: 10,
  log,
});
await sleep(1000);
const pid = Number(readFileSync(path.join(dir, 'ffmpeg.pid'), 'utf8'));
const recording = await window(pid);
await recorder.close();
const bytes = readdirSync(dir)
  .filter((f) => f.endsWith('.webm'))
  .reduce((sum, f) => sum + statSync(path.join(dir, f)).size, 0);

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
console.log(`recording CPU, one session (hall VP8 + 2 Opus), ${SECONDS} s windows — ${machine()}`);
console.log('| window | ffmpeg | worker | server process | total |');
console.log('|---|---|---|---|---|');
for (const [name, r] of [
  ['not recorded (baseline)', baseline],
  ['recorded', recording],
] as const)
  console.log(
    `| ${name} | ${pct(r.ffmpeg)} | ${pct(r.worker)} | ${pct(r.server)} | ${pct(r.ffmpeg + r.worker + r.server)} |`,
  );
const extra =
  recording.ffmpeg + recording.worker - baseline.worker + recording.server - baseline.server;
console.log(
  `one recorded session adds ${pct(extra)} of a core (ffmpeg ${pct(recording.ffmpeg)}, worker ${pct(recording.worker - baseline.worker)}, relays ${pct(recording.server - baseline.server)}); files ${((bytes / 1048576 / (recording.seconds + 1)) * 60).toFixed(1)} MB per minute`,
);
await hall.close();
await floor.close();
service.close();
await pool.close();
rmSync(dir, { recursive: true, force: true });
