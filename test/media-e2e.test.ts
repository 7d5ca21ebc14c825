import { setTimeout as sleep } from 'node:timers/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, inDays } from './support/api.js';
import { baseUrl, startTestApp, type TestApp } from './support/app.js';
import { type Console, launchChromium, openConsole, serveConsole } from './support/browser.js';
import { TestClient, waitUntil } from './support/sockets.js';

/**
 * Real WebRTC: headless Chromium (Debian's) with a fake camera and
 * microphone runs a console built on mediasoup-client and our signalling. The
 * central hall and three points join, produce and consume; what arrives is
 * read from getStats() inside the pages.
 */
const HALL = 'trung-uong';
const [A, B, C] = ['ha-noi', 'hue', 'ca-mau'] as const;

let t: TestApp;
let admin: Api;
let moderator: TestClient;
let browser: Browser;
let site: { url: string; close(): Promise<void> };
let sessionId: string;
const consoles = new Map<string, Console>();

const bytes = async (at: string, from: string, source: string) =>
  ((await consoles.get(at)?.received()) ?? [])
    .filter((r) => r.code === from && r.source === source)
    .reduce((n, r) => n + r.bytes, 0);

/** Bytes from `from`'s `source` keep arriving at `at`. */
async function flowing(at: string, from: string, source: string, windowMs = 1500) {
  const before = await bytes(at, from, source);
  await sleep(windowMs);
  return (await bytes(at, from, source)) > before;
}

const consumes = async (at: string, from: string, source: string) =>
  ((await consoles.get(at)?.received()) ?? []).some((r) => r.code === from && r.source === source);

interface Sample {
  at: string;
  move: number;
  ms: number;
}

/**
 * For the `move`th floor move of the test (to `speaker`), how long after each
 * console heard of it (floor:granted) the speaker's camera showed its first
 * frame there: at a point, the first frame of its new consumer; on the hall's
 * wall, which already shows the speaker small, the first frame wider than the
 * wall's lowest layer (160 px). Infinity: not yet.
 */
async function firstFrames(
  speaker: string,
  move: number,
  floorsBefore: ReadonlyMap<string, number>,
): Promise<Sample[]> {
  const samples: Sample[] = [];
  for (const [code, c] of consoles) {
    if (code === speaker) continue;
    const { floors, videos } = await c.timeline();
    const floor = floors[(floorsBefore.get(code) ?? 0) + move];
    if (floor?.code !== speaker) {
      samples.push({ at: code, move, ms: Number.POSITIVE_INFINITY }); // not heard of yet
      continue;
    }
    const from = floor.at;
    const camera = videos.filter((v) => v.code === speaker && v.source === 'camera');
    const shownAt =
      code === HALL
        ? camera.flatMap((v) => v.widths).find((w) => w.at >= from && w.width > 160)?.at
        : camera.find((v) => v.offeredAt >= from)?.firstFrameAt;
    samples.push({ at: code, move, ms: (shownAt ?? Number.POSITIVE_INFINITY) - from });
  }
  return samples;
}

async function grant(code: string) {
  const { queue } = (await admin.get(`/api/v1/sessions/${sessionId}/speakers`)).body;
  const entry = queue.find((e: { code: string }) => e.code === code);
  const ack = await moderator.emit('speaker:grant', {
    sessionId,
    entryId: entry.entryId,
    seconds: 600,
  });
  expect(ack.ok).toBe(true);
}

beforeAll(async () => {
  t = await startTestApp({
    env: { SEED_POINTS: '2025', MEDIASOUP_WORKERS: '2', MEDIA_STATS_SECONDS: '2' },
    listen: true,
  });
  admin = await new Api(t.app).loginAdmin();
  const session = await admin.post('/api/v1/sessions', {
    title: 'Giao ban trực tuyến',
    kind: 'monthly',
    urgent: true,
    startsAt: inDays(0, 1),
    endsAt: inDays(0, 3),
    invitedPointCodes: [HALL, A, B, C],
  });
  sessionId = session.body.id;
  for (const status of ['checkin', 'live'])
    await admin.post(`/api/v1/sessions/${sessionId}/status`, { status });
  site = await serveConsole();
  browser = await launchChromium();
  for (const code of [HALL, A, B, C]) {
    const { token } = (await admin.post(`/api/v1/points/${code}/credentials`)).body;
    const console = await openConsole(browser, site.url, {
      server: baseUrl(t.app),
      token,
      sessionId,
    });
    expect(
      (
        await console.emit('attendance:check-in', {
          sessionId,
          delegates: [{ name: `Đại biểu ${code}` }],
        })
      ).ok,
    ).toBe(true);
    if (code !== HALL) expect((await console.emit('speaker:request', { sessionId })).ok).toBe(true);
    consoles.set(code, console);
  }
  moderator = await TestClient.connect(baseUrl(t.app), admin.token as string, sessionId);
  await moderator.firstSnapshot;
}, 120_000);

afterAll(async () => {
  moderator?.close();
  await browser?.close();
  await site?.close();
  await t?.close();
});

describe('real WebRTC clients', () => {
  it('every point receives the hall; the hall receives every point’s camera', async () => {
    for (const code of [A, B, C]) {
      await waitUntil(() => consumes(code, HALL, 'camera'), 15_000, 200);
      expect(await flowing(code, HALL, 'camera')).toBe(true);
      expect(await flowing(code, HALL, 'mic')).toBe(true);
      await waitUntil(() => consumes(HALL, code, 'camera'), 15_000, 200);
      expect(await flowing(HALL, code, 'camera')).toBe(true);
    }
    // Nobody holds the floor: no point hears another, nor sees it.
    expect(await consumes(B, A, 'mic')).toBe(false);
    expect(await consumes(B, A, 'camera')).toBe(false);
    for (const c of consoles.values()) expect((await c.state()).errors).toEqual([]);
  }, 90_000);

  it('the floor holder reaches everyone, in high resolution on the hall’s wall', async () => {
    await grant(A);
    for (const to of [HALL, B, C]) {
      await waitUntil(() => consumes(to, A, 'mic'), 5000, 100);
      expect(await flowing(to, A, 'mic')).toBe(true);
    }
    for (const to of [B, C]) {
      await waitUntil(() => consumes(to, A, 'camera'), 5000, 100);
      expect(await flowing(to, A, 'camera')).toBe(true);
    }
    expect(await consumes(C, B, 'mic')).toBe(false);
    // Simulcast: the wall shows the others at the lowest layer (160 px wide),
    // the speaker at the highest layer the sender offers (Chrome limits the
    // layers it sends by resolution and load), so wider than the wall.
    const width = async (from: string) =>
      Math.max(
        0,
        ...((await consoles.get(HALL)?.received()) ?? [])
          .filter((r) => r.code === from && r.source === 'camera')
          .map((r) => r.frameWidth),
      );
    await waitUntil(
      async () => {
        const [a, b] = [await width(A), await width(B)];
        return b > 0 && b <= 160 && a > b;
      },
      20_000,
      500,
    );
  }, 60_000);

  it('when the floor moves the new speaker is heard and the old one no longer', async () => {
    expect((await moderator.emit('speaker:end', { sessionId })).ok).toBe(true);
    await grant(B);
    for (const to of [HALL, A, C]) {
      await waitUntil(() => consumes(to, B, 'mic'), 3000, 100);
      expect(await flowing(to, B, 'mic')).toBe(true);
    }
    for (const to of [HALL, C]) {
      await waitUntil(async () => !(await consumes(to, A, 'mic')), 3000, 100);
    }
    expect(await consumes(C, A, 'camera')).toBe(false);
    expect(await flowing(HALL, A, 'camera')).toBe(true); // still on the wall
  }, 60_000);

  it('a new speaker’s first video frame reaches every point and the hall quickly (median within 0.75 s, none over 2 s)', async () => {
    // B holds the floor; A has spoken, C waits. Nine moves, three to each point.
    const moves = [C, A, B, C, A, B, C, A, B];
    const floorsBefore = new Map<string, number>();
    const micsBefore = new Map<string, number>();
    for (const [code, c] of consoles) {
      const { floors, mics } = await c.timeline();
      floorsBefore.set(code, floors.length);
      micsBefore.set(code, mics.length);
    }
    expect((await consoles.get(A)?.emit('speaker:request', { sessionId }))?.ok).toBe(true);
    let speaking: string = B;
    const samples: Sample[] = [];
    for (const [move, next] of moves.entries()) {
      expect((await moderator.emit('speaker:end', { sessionId })).ok).toBe(true);
      expect((await consoles.get(speaking)?.emit('speaker:request', { sessionId }))?.ok).toBe(true);
      await grant(next);
      let got: Sample[] = [];
      const shown = async () => {
        got = await firstFrames(next, move, floorsBefore);
        return got.every((x) => x.ms < Number.POSITIVE_INFINITY);
      };
      await waitUntil(shown, 5000, 100).catch(() => {}); // judged below, with the others
      samples.push(...got);
      await sleep(1000); // a breath between moves (real ones are minutes apart)
      speaking = next;
    }
    // Generous bounds (the figures themselves are the benchmark's): half
    // within 0.75 s and none beyond 2 s. Without the key-frame gate the median
    // was 1.1 s. Measured: p50 0.15–0.24 s with Chromium 156.0.8078.73, and
    // p50 ≈ 0.43 s, max ≈ 1.1 s with 156.0.8078.114 on the same code.
    const ms = samples.map((s) => s.ms).sort((x, y) => x - y);
    const at = (q: number) => ms[Math.min(ms.length - 1, Math.ceil(q * ms.length) - 1)];
    const summary = `n=${ms.length} p50=${at(0.5)} p95=${at(0.95)} max=${ms.at(-1)} ms`;
    console.info(`first frame of a new speaker: ${summary}`);
    expect(ms.length, summary).toBe(moves.length * 3);
    expect(at(0.5), JSON.stringify(samples)).toBeLessThanOrEqual(750);
    expect(ms.at(-1), JSON.stringify(samples)).toBeLessThanOrEqual(2000);

    // Each point was told of each change of its microphone once: opened
    // with the floor, closed when it moved on (B spoke first and last).
    const openedThenClosed = [false, true, false, true, false, true]; // muted
    const told = async (code: string) =>
      (await consoles.get(code)?.timeline())?.mics.slice(micsBefore.get(code));
    expect(await told(A)).toEqual(openedThenClosed);
    expect(await told(B)).toEqual(openedThenClosed.map((muted) => !muted));
    expect(await told(C)).toEqual(openedThenClosed);
  }, 120_000);

  it('a dead worker: every console resets and media flows again; attendance and queue untouched', async () => {
    const attendance = (await admin.get(`/api/v1/sessions/${sessionId}/attendance`)).body;
    const speakers = (await admin.get(`/api/v1/sessions/${sessionId}/speakers`)).body;
    const victim = t.app.sfu.workers().find((w) => w.index === 1);
    if (!victim) throw new Error('no worker 1');
    const resets = await Promise.all(
      [...consoles.values()].map(async (c) => (await c.state()).resets),
    );
    process.kill(victim.pid, 'SIGKILL');

    for (const [i, c] of [...consoles.values()].entries()) {
      await waitUntil(async () => (await c.state()).resets > (resets[i] ?? 0), 10_000, 100);
    }
    await waitUntil(async () => (await admin.get('/ready')).status === 200, 15_000, 200);
    for (const c of consoles.values()) {
      await waitUntil(async () => (await c.state()).ready, 30_000, 200);
      expect((await c.state()).errors).toEqual([]);
    }
    for (const to of [HALL, A, C]) {
      await waitUntil(() => consumes(to, B, 'mic'), 15_000, 200);
      expect(await flowing(to, B, 'mic')).toBe(true);
    }
    for (const to of [A, B, C]) {
      await waitUntil(() => consumes(to, HALL, 'camera'), 15_000, 200);
      expect(await flowing(to, HALL, 'camera')).toBe(true);
    }
    const after = (await admin.get(`/api/v1/sessions/${sessionId}/attendance`)).body;
    expect(after.summary).toEqual(attendance.summary);
    expect(after.points.map((p: { disconnects: number }) => p.disconnects)).toEqual(
      attendance.points.map((p: { disconnects: number }) => p.disconnects),
    );
    const speakersAfter = (await admin.get(`/api/v1/sessions/${sessionId}/speakers`)).body;
    expect(speakersAfter.current.entryId).toBe(speakers.current.entryId);
    expect(speakersAfter.queue).toEqual(speakers.queue);
  }, 120_000);

  it('a dropped signalling line: media keeps flowing, and the recovered console gets the next speaker', async () => {
    const a = consoles.get(A) as Console;
    const before = await a.state();
    const hallBytes = await bytes(A, HALL, 'camera');
    await a.dropSignalling();
    await waitUntil(async () => (await a.state()).recoveries > before.recoveries, 10_000, 100);
    const after = await a.state();
    // Recovered by socket.io: no reset, no new set-up; the hall never stopped.
    expect(after).toMatchObject({ resets: before.resets, reconnects: before.reconnects });
    expect(after.errors).toEqual([]);
    expect(await bytes(A, HALL, 'camera')).toBeGreaterThan(hallBytes);
    expect(await flowing(A, HALL, 'mic')).toBe(true);

    // Offers reach the recovered socket: the floor moves to C, and A hears it.
    expect((await moderator.emit('speaker:end', { sessionId })).ok).toBe(true);
    await grant(C);
    await waitUntil(() => consumes(A, C, 'mic'), 5000, 100);
    expect(await flowing(A, C, 'mic')).toBe(true);
    expect(await consumes(A, B, 'mic')).toBe(false);
  }, 60_000);

  it('the readiness board shows each point’s media as the SFU sees it', async () => {
    await waitUntil(
      async () => {
        const board = (await admin.get(`/api/v1/sessions/${sessionId}/readiness`)).body;
        return board.points.every(
          (p: { network: { bitrateKbps: number } | null }) => (p.network?.bitrateKbps ?? 0) > 0,
        );
      },
      15_000,
      500,
    );
    const board = (await admin.get(`/api/v1/sessions/${sessionId}/readiness`)).body;
    for (const p of board.points) {
      expect(p.network).toMatchObject({
        score: expect.any(Number),
        bitrateKbps: expect.any(Number),
      });
      expect(p.testPassed).not.toBeNull(); // recorded by the server from those figures
    }
  }, 30_000);
});
