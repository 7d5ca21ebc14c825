// The central hall's video wall in a real browser. N points send real
// simulcast VP8 (plain RTP replayed from ffmpeg captures, as in
// test/web-hall.test.ts) into the real server (PostgreSQL); the hall's
// console runs in Debian's Chromium at 1920×1080 with its own credential.
// Once every tile plays, 20 s are measured: CPU of the browser's processes
// (/proc), its memory (JS heap from CDP, RSS and PSS summed from /proc),
// frames each tile decodes per second, and what the server sends the hall
// (its receiving transport; the wall's video consumers). Baseline in the same
// run: the same console with nobody on the wall (N = 0).
//
//   npm run bench:wall                   # N = 0, 35, 70
//   npm run bench:wall -- 10 70          # other N (0 always runs first)
//   BENCH_SECONDS=10 npm run bench:wall  # a shorter window
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { buildServer } from '../src/build.js';
import type { MediaRoom } from '../src/media/media-room.js';
import { Api } from '../test/support/api.js';
import { baseUrl, testConfig } from '../test/support/app.js';
import { liveBriefing } from '../test/support/briefing.js';
import { launchChromium } from '../test/support/browser.js';
import { joinPlain } from '../test/support/fake-point.js';
import {
  createDatabaseFromTemplate,
  databaseUrl,
  dropDatabase,
  ensureTemplateDatabase,
} from '../test/support/postgres.js';
import { pointReplayer, pointSsrcs, type RtpReplayer } from '../test/support/rtp-replay.js';
import { waitUntil } from '../test/support/sockets.js';
import { HALL_SCREEN, newConsoleContext } from '../test/support/web.js';
import { machine, percentile, procStats, root } from './support.js';

const HALL = 'trung-uong';
const WARM_MS = 3_000;
const MEASURE_MS = Number(process.env.BENCH_SECONDS ?? 20) * 1000;

interface Row {
  n: number;
  /** Cores: the whole browser; its renderers, GPU process and the rest (browser, utilities). */
  cpu: { total: number; renderer: number; gpu: number; other: number };
  /** The page's main thread (CDP TaskDuration), cores. */
  mainThread: number;
  heapMb: number;
  rssMb: number;
  pssMb: number;
  /** Frames decoded per second, per tile. */
  fps: number[];
  /** Server → hall, Mbit/s: the receiving transport; of it, the wall's video consumers. */
  downMbps: number;
  videoMbps: number;
  /** Spatial layers the wall's consumers forward at the end, e.g. { 0: 70 }. */
  layers: Record<string, number>;
  /** Seconds from opening the console to every tile playing. */
  fullAfter: number;
  /** Cores this process (server, senders) and the mediasoup worker used meanwhile. */
  rest: number;
  /** Cores everything else on the machine used meanwhile (PostgreSQL, other jobs). */
  others: number;
  /** The console's media was set up again during the window (its peer replaced). */
  reset: boolean;
}

/**
 * A point as in test/support/fake-point.ts (real Opus and three-layer
 * simulcast VP8 over plain RTP), but sending only and on the caller's clock:
 * 70 timers, and 70 sockets taking in the hall's media, would compete with
 * the browser for this machine's cores. What points receive costs the
 * server, not the hall.
 */
async function sender(room: MediaRoom, spec: { pointId: string; code: string }) {
  const ssrcs = pointSsrcs();
  // Port 9 gets nothing: without capabilities the peer is given no consumers.
  const { peer, sendPort } = await joinPlain(room, { ...spec, isHall: false }, ssrcs, 9);
  peer.rtpCapabilities = undefined;
  const replayer = await pointReplayer({ ip: '127.0.0.1', port: sendPort }, ssrcs);
  await replayer.start({ ownClock: false });
  const close = () => {
    replayer.stop();
    room.leave(peer.id);
  };
  return { replayer, close };
}

/** Processes under a pid, found through the parent pid in /proc/<pid>/stat. */
function descendants(pid: number): number[] {
  const parent = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parent.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {} // gone meanwhile
  }
  const found: number[] = [];
  const walk = (p: number) => {
    for (const [child, ppid] of parent) {
      if (ppid !== p) continue;
      found.push(child);
      walk(child);
    }
  };
  walk(pid);
  return found;
}

// Zygote children rewrite their command line into one string: search it whole.
const cmdline = (pid: number) => readFileSync(`/proc/${pid}/cmdline`, 'utf8');

/** The launched Chromium and every process under it: --type, CPU seconds, RSS and PSS. */
function browserProcesses() {
  const main = descendants(process.pid).find((pid) =>
    cmdline(pid).includes('--remote-debugging-pipe'),
  );
  if (main === undefined) throw new Error('no Chromium under this process');
  const found = new Map<number, { type: string; seconds: number; rss: number; pss: number }>();
  for (const pid of [main, ...descendants(main)]) {
    try {
      const { cpuSeconds, rssBytes } = procStats(pid);
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
      found.set(pid, {
        type: /--type=([\w-]+)/.exec(cmdline(pid))?.[1] ?? 'browser',
        seconds: cpuSeconds,
        rss: rssBytes,
        pss: Number(/^Pss:\s+(\d+) kB$/m.exec(rollup)?.[1] ?? 0) * 1024,
      });
    } catch {} // exited meanwhile
  }
  return found;
}

/** CPU seconds the whole machine was busy (/proc/stat): to see what else ran meanwhile. */
function machineBusySeconds(): number {
  const cpu = /^cpu\s+(.*)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1] ?? '';
  const [user, nice, system, , , irq, softirq, steal] = cpu.split(' ').map(Number);
  const busy = [user, nice, system, irq, softirq, steal].reduce<number>((t, x) => t + (x ?? 0), 0);
  return busy / 100;
}

/** CPU seconds of this process (server, senders) and its mediasoup workers. */
function restSeconds(): number {
  const { user, system } = process.cpuUsage();
  const workers = descendants(process.pid).filter((pid) => cmdline(pid).includes('mediasoup'));
  return (user + system) / 1e6 + workers.reduce((t, pid) => t + procStats(pid).cpuSeconds, 0);
}

/** Frames each wall tile's video has decoded so far, by point code. */
const decoded = (page: Page): Promise<Record<string, number>> =>
  page.$$eval('.wall-tile video', (videos) =>
    Object.fromEntries(
      videos.map((v: any) => [
        v.closest('li').dataset.code,
        v.getVideoPlaybackQuality().totalVideoFrames,
      ]),
    ),
  );

const playing = (page: Page) =>
  page.$$eval('.wall-tile video', (videos) => videos.filter((v: any) => v.videoWidth > 0).length);

async function measure(
  n: number,
  codes: string[],
  { app, admin, url, browser }: { app: FastifyInstance; admin: Api; url: string; browser: Browser },
): Promise<Row> {
  const wall = codes.slice(0, n);
  const briefing = await liveBriefing(admin, url, [HALL, ...wall], { day: 1 + n });
  // The hall comes in through the browser, with a credential of its own.
  await briefing.points.get(HALL)?.close();
  const room = await app.media.room(briefing.sessionId);
  const senders: Array<{ replayer: RtpReplayer; close(): void }> = [];
  for (const code of wall) {
    const point = (await admin.get(`/api/v1/points/${code}`)).body;
    senders.push(await sender(room, { pointId: point.id, code }));
  }
  await room.reconcile();
  // One clock for every sender, as in bench/media.ts.
  const clock = setInterval(() => {
    for (const s of senders) s.replayer.tick();
  }, 5);
  const { token } = (await admin.post(`/api/v1/points/${HALL}/credentials`)).body;
  const { context, page, errors } = await newConsoleContext(browser, HALL_SCREEN);
  try {
    const opened = performance.now();
    await page.goto(`${url}/join#${token}`);
    await page.waitForURL(`${url}/hall/${briefing.sessionId}`);
    await page.waitForSelector('[data-media="ready"]', { timeout: 30_000 });
    await waitUntil(async () => (await playing(page)) === n, 120_000, 200);
    const fullAfter = (performance.now() - opened) / 1000;
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const hall = room.peers().find((p) => p.code === HALL && p.recvTransport);
    if (!hall) throw new Error('the hall has no receiving transport');
    const snapshot = async () => {
      const consumers = [...hall.consumers.values()].filter(
        (c) => c.kind === 'video' && c.appData.code !== HALL,
      );
      const [stats, transport] = await Promise.all([
        Promise.all(consumers.map((c) => c.getStats())),
        hall.recvTransport?.getStats() as Promise<Array<{ bytesSent: number }>>,
      ]);
      const layers: Record<string, number> = {};
      for (const c of consumers) {
        const layer = String(c.currentLayers?.spatialLayer ?? '-');
        layers[layer] = (layers[layer] ?? 0) + 1;
      }
      const { metrics } = await cdp.send('Performance.getMetrics');
      const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? 0;
      return {
        at: performance.now(),
        processes: browserProcesses(),
        rest: restSeconds(),
        busy: machineBusySeconds(),
        frames: await decoded(page),
        task: metric('TaskDuration'),
        heap: metric('JSHeapUsedSize'),
        bytes: transport?.[0]?.bytesSent ?? 0,
        video: stats.flat().reduce((t, s) => t + (s.type === 'outbound-rtp' ? s.byteCount : 0), 0),
        layers,
      };
    };
    await sleep(WARM_MS);
    const a = await snapshot();
    await sleep(MEASURE_MS);
    const b = await snapshot();
    const seconds = (b.at - a.at) / 1000;
    const cpu = { total: 0, renderer: 0, gpu: 0, other: 0 };
    let rss = 0;
    let pss = 0;
    for (const [pid, p] of b.processes) {
      const used = (p.seconds - (a.processes.get(pid)?.seconds ?? 0)) / seconds;
      cpu.total += used;
      cpu[p.type === 'renderer' ? 'renderer' : p.type === 'gpu-process' ? 'gpu' : 'other'] += used;
      rss += p.rss;
      pss += p.pss;
    }
    if (errors.length > 0) console.error(`errors in the hall's console: ${errors.join('; ')}`);
    return {
      n,
      cpu,
      mainThread: (b.task - a.task) / seconds,
      heapMb: b.heap / 2 ** 20,
      rssMb: rss / 2 ** 20,
      pssMb: pss / 2 ** 20,
      fps: Object.entries(b.frames).map(([code, f]) => (f - (a.frames[code] ?? 0)) / seconds),
      downMbps: ((b.bytes - a.bytes) * 8) / seconds / 1e6,
      videoMbps: ((b.video - a.video) * 8) / seconds / 1e6,
      layers: b.layers,
      fullAfter,
      rest: (b.rest - a.rest) / seconds,
      others: (b.busy - a.busy - (b.rest - a.rest)) / seconds - cpu.total,
      reset: hall.closed || !room.peers().includes(hall),
    };
  } finally {
    await context.close();
    clearInterval(clock);
    for (const s of senders) s.close();
    for (const client of briefing.points.values()) client.close();
    await admin.post(`/api/v1/sessions/${briefing.sessionId}/status`, { status: 'ended' });
    app.media.closeRoom(briefing.sessionId);
  }
}

const fmt = (x: number, digits = 0) =>
  x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function main() {
  const args = process.argv.slice(2).map(Number).filter(Number.isFinite);
  const ns = [0, ...(args.length > 0 ? args : [35, 70]).filter((n) => n > 0)];
  // The web consoles as `npm start` serves them (a no-op when nothing changed).
  execFileSync(process.execPath, ['scripts/build-web.mjs'], { cwd: root, stdio: 'inherit' });
  const name = `giaoban_bench_${randomBytes(4).toString('hex')}`;
  await createDatabaseFromTemplate(name, await ensureTemplateDatabase());
  const app = await buildServer({
    config: testConfig(databaseUrl(name), { SEED_POINTS: '2019', LOG_LEVEL: 'error' }),
  });
  const browser = await launchChromium();
  try {
    await app.listen({ host: '127.0.0.1', port: 0 });
    const url = baseUrl(app);
    const admin = await new Api(app).loginAdmin();
    // The 2019 registry: the hall and 68 points; more are registered as provinces.
    const listed = (await admin.get('/api/v1/points')).body.points as Array<{ code: string }>;
    const codes = listed.map((p) => p.code).filter((c) => c !== HALL);
    for (let i = codes.length + 1; codes.length < Math.max(...ns); i += 1) {
      const body = { code: `diem-${i}`, name: `Điểm cầu ${i}`, kind: 'province', parentCode: HALL };
      const created = await admin.post('/api/v1/points', body);
      if (created.status !== 201) throw new Error(`point: ${JSON.stringify(created.body)}`);
      codes.push(body.code);
    }
    console.log(`# hall wall benchmark — ${machine()}, Chromium ${browser.version()}\n`);
    const rows: Row[] = [];
    for (const n of ns) {
      const row = await measure(n, codes, { app, admin, url, browser });
      rows.push(row);
      console.error(
        `N=${n}: browser ${fmt(row.cpu.total * 100)} % of a core, ${fmt(row.downMbps, 2)} Mbit/s, layers ${JSON.stringify(row.layers)}`,
      );
    }
    const base = rows[0] as Row;
    console.log(
      '| points | browser CPU, % of one core (renderer / GPU / other) | page main thread % | JS heap MB | RSS MB (PSS) | fps per tile, min / median | downlink Mbit/s (wall video) | Mbit/s per tile | added CPU per tile, % of a core | server + senders CPU % | other processes CPU % | wall full after |',
    );
    console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
    for (const r of rows) {
      const perTile = (x: number, y: number, d: number) => (r.n > 0 ? fmt((x - y) / r.n, d) : '–');
      const fps =
        r.n > 0 ? `${fmt(Math.min(...r.fps), 1)} / ${fmt(percentile(r.fps, 50), 1)}` : '–';
      console.log(
        `| ${r.n} | ${fmt(r.cpu.total * 100)} (${fmt(r.cpu.renderer * 100)} / ${fmt(r.cpu.gpu * 100)} / ${fmt(r.cpu.other * 100)}) | ${fmt(r.mainThread * 100)} | ${fmt(r.heapMb, 1)} | ${fmt(r.rssMb)} (${fmt(r.pssMb)}) | ${fps} | ${fmt(r.downMbps, 2)} (${fmt(r.videoMbps, 2)}) | ${perTile(r.downMbps, base.downMbps, 3)} | ${perTile(r.cpu.total * 100, base.cpu.total * 100, 1)} | ${fmt(r.rest * 100)} | ${fmt(r.others * 100)} | ${fmt(r.fullAfter, 1)} s${r.reset ? ' (media reset!)' : ''} |`,
      );
    }
  } finally {
    await browser.close();
    await app.close();
    await dropDatabase(name);
  }
}

await main();
