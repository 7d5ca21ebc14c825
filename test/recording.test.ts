import { execFile, execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordingIndex } from '../src/contract/index.js';
import type { MediaRoom } from '../src/media/media-room.js';
import { Api } from './support/api.js';
import { baseUrl, startTestApp, type TestApp } from './support/app.js';
import { type Briefing, liveBriefing } from './support/briefing.js';
import { type FakePoint, fakePoint } from './support/fake-point.js';
import { TestClient, waitUntil } from './support/sockets.js';

/**
 * Recording with real parts: a live briefing whose central hall and two
 * points send real Opus and VP8 over RTP into the real room; the recorder's
 * real ffmpeg writes segments while the floor goes to A, then to B, and the
 * only mediasoup worker is killed. The hall's microphone is silenced so the
 * recorded sound is the floor's alone: where the sound starts and stops in
 * the files is compared with the speech offsets of the index.
 */
const run = promisify(execFile);
const HALL = 'trung-uong';
const [A, B] = ['ha-noi', 'hue'] as const;
const dir = mkdtempSync(path.join(os.tmpdir(), 'giaoban-rec-'));

let t: TestApp;
let admin: Api;
let moderator: TestClient;
let briefing: Briefing;
let room: MediaRoom;
const fake = new Map<string, FakePoint>();
const ids = new Map<string, string>();

async function connectFakes() {
  for (const code of [HALL, A, B]) {
    const f = await fakePoint(room, {
      pointId: ids.get(code) as string,
      code,
      isHall: code === HALL,
    });
    fake.set(code, f);
  }
  // The hall is silent: what the recording hears is the floor.
  await fake.get(HALL)?.producer('mic').pause();
}

async function grant(code: string) {
  const { queue } = (await admin.get(`/api/v1/sessions/${briefing.sessionId}/speakers`)).body;
  const entry = queue.find((e: { code: string }) => e.code === code);
  const ack = await moderator.emit('speaker:grant', {
    sessionId: briefing.sessionId,
    entryId: entry.entryId,
    seconds: 600,
  });
  expect(ack.ok).toBe(true);
}

const index = async (): Promise<RecordingIndex> =>
  (await admin.get(`/api/v1/sessions/${briefing.sessionId}/recordings`)).body;

beforeAll(async () => {
  t = await startTestApp({
    env: {
      SEED_POINTS: '2025',
      RECORDINGS_DIR: dir,
      RECORDING_SEGMENT_SECONDS: '4',
      RECORDING_MIN_FREE_MB: '1',
    },
    workerRespawnDelayMs: 200,
    listen: true,
  });
  admin = await new Api(t.app).loginAdmin();
  briefing = await liveBriefing(admin, baseUrl(t.app), [HALL, A, B], { day: 1 });
  for (const code of [A, B])
    await briefing.points.get(code)?.emit('speaker:request', { sessionId: briefing.sessionId });
  moderator = await TestClient.connect(baseUrl(t.app), admin.token as string, briefing.sessionId);
  await moderator.firstSnapshot;
  room = await t.app.media.room(briefing.sessionId);
  for (const code of [HALL, A, B])
    ids.set(code, (await admin.get(`/api/v1/points/${code}`)).body.id);
  await connectFakes();
}, 60_000);

afterAll(async () => {
  for (const f of fake.values()) await f.close();
  moderator?.close();
  for (const c of briefing?.points.values() ?? []) c.close();
  await t?.close();
  if (!process.env.KEEP_RECORDINGS) rmSync(dir, { recursive: true, force: true });
});

describe('recording a briefing across a floor change and a worker failure', () => {
  it('records, indexes every speech, and every file plays', async () => {
    const sessionId = briefing.sessionId;
    const recording = moderator.next('recording:status', (s) => s.status === 'recording', 15_000);
    const started = await admin.post(`/api/v1/sessions/${sessionId}/recording/start`);
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({ wanted: true, status: 'starting' });
    expect((await recording).sessionId).toBe(sessionId);

    await sleep(3000);
    await grant(A);
    await sleep(4000);
    expect((await moderator.emit('speaker:end', { sessionId })).ok).toBe(true);
    await grant(B);
    await sleep(3000);

    // The only worker dies: the room resets, the points set their media up again.
    const pool = t.app.sfu;
    const victim = pool.workers()[0];
    if (!victim) throw new Error('no worker');
    const replaced = once(pool, 'workerready');
    const killedAt = Date.now();
    process.kill(victim.pid, 'SIGKILL');
    for (const f of fake.values()) await f.close();
    await replaced;
    await connectFakes();
    await waitUntil(async () => (await index()).parts.length === 2, 15_000, 200);
    const resumedAfter = Date.now() - killedAt;

    await sleep(5000);
    expect((await moderator.emit('speaker:end', { sessionId })).ok).toBe(true);
    await sleep(2000);
    const stopped = await admin.post(`/api/v1/sessions/${sessionId}/recording/stop`);
    expect(stopped.body).toMatchObject({ wanted: false, status: 'off' });

    await waitUntil(async () => (await index()).parts.every((p) => p.endedAt !== null), 10_000);
    const result = await index();
    const [first, second] = result.parts;
    if (!first || !second) throw new Error('expected two parts');
    expect(first).toMatchObject({ status: 'finished', endReason: 'reset', hasVideo: true });
    expect(second).toMatchObject({ status: 'finished', endReason: 'stopped', hasVideo: true });

    // Every segment plays: ffprobe finds Opus audio and VP8 video and a length.
    const segments = result.parts.flatMap((p) => p.segments.map((s) => ({ part: p, s })));
    expect(segments.length).toBeGreaterThanOrEqual(4);
    const files: string[] = [];
    for (const { part, s } of segments) {
      const file = path.join(
        dir,
        sessionId,
        `part-00${part.seq}`,
        `seg-${String(s.seq).padStart(4, '0')}.webm`,
      );
      files.push(file);
      const { stdout } = await run('ffprobe', [
        '-v',
        'error',
        '-show_entries',
        'stream=codec_name:format=duration',
        '-of',
        'json',
        file,
      ]);
      const probe = JSON.parse(stdout);
      const codecs = probe.streams.map((x: { codec_name: string }) => x.codec_name).sort();
      expect(codecs, file).toEqual(['opus', 'vp8']);
      expect(Number(probe.format.duration), file).toBeGreaterThan(0);
      expect(Math.abs(Number(probe.format.duration) - s.durationSeconds), file).toBeLessThan(0.5);
    }

    // The recording covers the session from its start to the stop, less the recovery gap.
    const gap = result.gaps[0]?.seconds ?? Number.NaN;
    console.info(`recovery gap ${gap} s (new part ${resumedAfter} ms after the kill)`);
    expect(result.gaps).toHaveLength(1);
    expect(gap).toBeLessThan(5);
    const span =
      (Date.parse(second.startedAt) - Date.parse(first.startedAt)) / 1000 + second.durationSeconds;
    expect(result.totalSeconds).toBeGreaterThan(span - gap - 1);
    expect(result.totalSeconds).toBeLessThanOrEqual(span - gap + 0.5);

    // The index: A then B, each placed where the register says…
    const [speechA, speechB] = result.speeches;
    expect(speechA).toMatchObject({ code: A, start: { partSeq: 1, inGap: false } });
    expect(speechB).toMatchObject({
      code: B,
      start: { partSeq: 1 },
      end: { partSeq: 2, inGap: false },
    });
    const expectOffset = (at: string) => (Date.parse(at) - Date.parse(first.startedAt)) / 1000;
    expect(speechA?.start?.offsetSeconds).toBeCloseTo(
      expectOffset(speechA?.startedAt as string),
      1,
    );
    expect(speechB?.end?.offsetSeconds).toBeCloseTo(
      first.durationSeconds +
        (Date.parse(speechB?.endedAt as string) - Date.parse(second.startedAt)) / 1000,
      1,
    );
    // …and the sound in the files starts and stops there (within a second).
    const list = path.join(dir, 'all.txt');
    writeFileSync(list, files.map((f) => `file '${f}'`).join('\n'));
    const { stderr } = await run('ffmpeg', [
      '-hide_banner',
      '-f',
      'concat',
      '-safe',
      '0',
      '-i',
      list,
      '-af',
      'silencedetect=n=-40dB:d=0.4',
      '-vn',
      '-f',
      'null',
      '-',
    ]);
    const silenceEnds = [...stderr.matchAll(/silence_end: ([\d.]+)/g)].map((m) => Number(m[1]));
    const silenceStarts = [...stderr.matchAll(/silence_start: ([\d.]+)/g)].map((m) => Number(m[1]));
    console.info({
      silenceStarts,
      silenceEnds,
      speeches: result.speeches.map((s) => [s.start?.offsetSeconds, s.end?.offsetSeconds]),
    });
    const soundStarts = silenceEnds[0] as number;
    const soundStops = silenceStarts.at(-1) as number;
    expect(Math.abs(soundStarts - (speechA?.start?.offsetSeconds ?? 0))).toBeLessThan(1);
    expect(Math.abs(soundStops - (speechB?.end?.offsetSeconds ?? 0))).toBeLessThan(1);
    // The floor change and the new part lost no more than a moment of the speeches.
    const holes = silenceStarts
      .map((from, i) => ({ from, to: silenceEnds[i] ?? Number.POSITIVE_INFINITY }))
      .filter(({ from, to }) => to > soundStarts + 0.5 && from < soundStops - 0.5);
    expect(holes.filter(({ from, to }) => to - from > 1)).toEqual([]);

    // Playable over HTTP: the index's link, with Range.
    const link = second.segments[0]?.url as string;
    const ranged = await fetch(`${baseUrl(t.app)}${link}`, { headers: { range: 'bytes=0-99' } });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get('content-range')).toMatch(/^bytes 0-99\//);
    expect((await ranged.arrayBuffer()).byteLength).toBe(100);

    // The record (biên bản) places each speech in the recording, as the index does.
    const issued = await admin.post(`/api/v1/sessions/${sessionId}/record`);
    expect(issued.status).toBe(201);
    const pdf = await t.app.inject({
      method: 'GET',
      url: `/api/v1/sessions/${sessionId}/record.pdf`,
      headers: { authorization: `Bearer ${admin.token}` },
    });
    const file = path.join(os.tmpdir(), `giaoban-recording-record-${process.pid}.pdf`);
    writeFileSync(file, pdf.rawPayload);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' })
      .normalize('NFC')
      .replace(/\s+/g, ' ');
    const clock = (s: number) =>
      `${Math.floor(s / 3600)}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(Math.round(s) % 60).padStart(2, '0')}`;
    expect(text).toContain(`Bản ghi dài ${clock(Math.round(result.totalSeconds))} (2 phần`);
    for (const sp of result.speeches)
      expect(text).toContain(clock(Math.round(sp.start?.offsetSeconds ?? -1)));
  }, 90_000);
});
