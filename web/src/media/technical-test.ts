// The technical test run (chạy thử): the server sends the point's own camera
// and microphone back to it, and the figures come from WebRTC statistics of
// that real path — round trip, jitter, loss, what went up and what came back.
import type { TestFigures } from '../../../src/contract/index.js';
import type { MediaClient, RemoteMedia } from './media-client.js';

/** What to tell the operator to fix; each is a catalogue key under `test.fix.`. */
export type TestAdvice = 'noVideo' | 'noAudio' | 'rtt' | 'loss' | 'uplink' | 'downlink' | 'jitter';

export interface TestReport {
  passed: boolean;
  figures: Required<Omit<TestFigures, 'score'>> & { score: number };
  advice: TestAdvice[];
}

/**
 * The limits a briefing needs. Delay, jitter and loss decide whether speech
 * is understood; the bitrates only show that media really went up and came
 * back (what a camera sends depends on the picture, and a few seconds do not
 * saturate the line), so their floor is the wall's lowest layer and a voice.
 */
export const TEST_LIMITS = {
  rttMs: 300,
  jitterMs: 50,
  lossPercent: 5,
  uplinkKbps: 150,
  downlinkKbps: 100,
} as const;

interface Totals {
  at: number;
  sent: number;
  received: number;
  rttMs: number | null;
  jitterMs: number | null;
  lost: number;
  packets: number;
  framesDecoded: number;
  audioBytes: number;
}

async function totals(media: MediaClient, own: RemoteMedia[]): Promise<Totals> {
  const { send, recv } = media.transports;
  const t: Totals = {
    at: performance.now(),
    sent: 0,
    received: 0,
    rttMs: null,
    jitterMs: null,
    lost: 0,
    packets: 0,
    framesDecoded: 0,
    audioBytes: 0,
  };
  if (send) {
    for (const r of (await send.getStats()).values()) {
      if (r.type === 'outbound-rtp') t.sent += r.bytesSent ?? 0;
      if (r.type === 'candidate-pair' && r.nominated && r.currentRoundTripTime !== undefined)
        t.rttMs = r.currentRoundTripTime * 1000;
    }
  }
  const ownTracks = new Set(own.map((r) => r.track.id));
  if (recv) {
    for (const r of (await recv.getStats()).values()) {
      if (r.type === 'inbound-rtp') {
        t.received += r.bytesReceived ?? 0;
        t.lost += Math.max(0, r.packetsLost ?? 0);
        t.packets += r.packetsReceived ?? 0;
        if (r.jitter !== undefined) t.jitterMs = Math.max(t.jitterMs ?? 0, r.jitter * 1000);
        if (ownTracks.has(r.trackIdentifier)) {
          if (r.kind === 'video') t.framesDecoded += r.framesDecoded ?? 0;
          if (r.kind === 'audio') t.audioBytes += r.bytesReceived ?? 0;
        }
      }
      if (r.type === 'candidate-pair' && r.nominated && r.currentRoundTripTime !== undefined)
        t.rttMs ??= r.currentRoundTripTime * 1000;
    }
  }
  return t;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs the test for `seconds` and returns the figures and what to fix. */
export async function runTechnicalTest(
  media: MediaClient,
  ownCode: string,
  seconds = 5,
): Promise<TestReport> {
  await media.echo(true);
  try {
    // The server offers the point's own camera and microphone back.
    const deadline = performance.now() + 8_000;
    let own: RemoteMedia[] = [];
    while (performance.now() < deadline) {
      own = media.remotes.filter((r) => r.code === ownCode);
      if (own.some((r) => r.kind === 'video') && own.some((r) => r.kind === 'audio')) break;
      await sleep(200);
    }
    const start = await totals(media, own);
    await sleep(seconds * 1000);
    const end = await totals(media, own);
    return judge(start, end);
  } finally {
    await media.echo(false).catch(() => {});
  }
}

export function judge(start: Totals, end: Totals): TestReport {
  const elapsed = Math.max(0.001, (end.at - start.at) / 1000);
  const packets = end.packets - start.packets;
  const lost = end.lost - start.lost;
  const figures = {
    rttMs: Math.round(end.rttMs ?? 0),
    jitterMs: Math.round(end.jitterMs ?? 0),
    lossPercent: packets + lost > 0 ? Math.round((lost / (packets + lost)) * 1000) / 10 : 0,
    uplinkKbps: Math.round(((end.sent - start.sent) * 8) / 1000 / elapsed),
    downlinkKbps: Math.round(((end.received - start.received) * 8) / 1000 / elapsed),
    videoOk: end.framesDecoded > start.framesDecoded,
    audioOk: end.audioBytes > start.audioBytes,
    score: 0,
  };
  const advice: TestAdvice[] = [];
  if (!figures.videoOk) advice.push('noVideo');
  if (!figures.audioOk) advice.push('noAudio');
  if (end.rttMs === null || figures.rttMs > TEST_LIMITS.rttMs) advice.push('rtt');
  if (figures.jitterMs > TEST_LIMITS.jitterMs) advice.push('jitter');
  if (figures.lossPercent > TEST_LIMITS.lossPercent) advice.push('loss');
  if (figures.uplinkKbps < TEST_LIMITS.uplinkKbps) advice.push('uplink');
  if (figures.downlinkKbps < TEST_LIMITS.downlinkKbps) advice.push('downlink');
  figures.score = Math.max(0, 10 - advice.length * 2);
  return { passed: advice.length === 0, figures, advice };
}
