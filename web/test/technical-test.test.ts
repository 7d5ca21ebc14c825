import { describe, expect, it } from 'vitest';
import { judge, TEST_LIMITS } from '../src/media/technical-test.js';

/** Two stats samples five seconds apart, as the test run takes them. */
function samples(
  over: Partial<{
    rttMs: number | null;
    jitterMs: number;
    lostPct: number;
    upKbps: number;
    downKbps: number;
    frames: number;
    audio: number;
  }> = {},
) {
  const o = {
    rttMs: 40,
    jitterMs: 8,
    lostPct: 0,
    upKbps: 900,
    downKbps: 700,
    frames: 120,
    audio: 20_000,
    ...over,
  };
  const packets = 1000;
  const lost = Math.round((packets * o.lostPct) / (100 - o.lostPct));
  const start = {
    at: 0,
    sent: 0,
    received: 0,
    rttMs: o.rttMs,
    jitterMs: o.jitterMs,
    lost: 0,
    packets: 0,
    framesDecoded: 0,
    audioBytes: 0,
  };
  const end = {
    at: 5000,
    sent: (o.upKbps * 1000 * 5) / 8,
    received: (o.downKbps * 1000 * 5) / 8,
    rttMs: o.rttMs,
    jitterMs: o.jitterMs,
    lost,
    packets,
    framesDecoded: o.frames,
    audioBytes: o.audio,
  };
  return [start, end] as const;
}

describe('the technical test run: figures and verdict', () => {
  it('passes a good line, with the figures it measured', () => {
    const report = judge(...samples());
    expect(report.passed).toBe(true);
    expect(report.advice).toEqual([]);
    expect(report.figures).toMatchObject({
      rttMs: 40,
      jitterMs: 8,
      lossPercent: 0,
      uplinkKbps: 900,
      downlinkKbps: 700,
      videoOk: true,
      audioOk: true,
      score: 10,
    });
  });

  it('fails, and says what to fix, for each limit crossed', () => {
    const cases = [
      [{ frames: 0 }, 'noVideo'],
      [{ audio: 0 }, 'noAudio'],
      [{ rttMs: TEST_LIMITS.rttMs + 1 }, 'rtt'],
      [{ rttMs: null }, 'rtt'],
      [{ jitterMs: TEST_LIMITS.jitterMs + 1 }, 'jitter'],
      [{ lostPct: 8 }, 'loss'],
      [{ upKbps: TEST_LIMITS.uplinkKbps - 10 }, 'uplink'],
      [{ downKbps: TEST_LIMITS.downlinkKbps - 10 }, 'downlink'],
    ] as const;
    for (const [over, advice] of cases) {
      const report = judge(...samples(over));
      expect(report.passed, advice).toBe(false);
      expect(report.advice, advice).toEqual([advice]);
      expect(report.figures.score).toBe(8);
    }
  });

  it('measures loss as a share of the packets that should have arrived', () => {
    expect(judge(...samples({ lostPct: 8 })).figures.lossPercent).toBeCloseTo(8, 0);
  });
});
