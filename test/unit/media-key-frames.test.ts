import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  KEY_FRAME_GATHER_MS,
  KEY_FRAME_SPACING_MS,
  KeyFrameGate,
} from '../../src/media/key-frames.js';

/**
 * When a video producer's consumers may ask its sender for a key frame
 * (resumes, layer switches): in bursts Chrome answers, a floor move's asks
 * together. Fake time; the actions record when they ran.
 */
let ran: Array<{ what: string; at: number }>;
let start: number;
const action = (what: string) => async () => {
  ran.push({ what, at: performance.now() - start });
};
/** Lets the gate decide (it does once the current pass is through). */
const settle = () => vi.advanceTimersByTimeAsync(0);

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'performance'] });
  ran = [];
  start = performance.now();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('key-frame gate', () => {
  it('runs an ask at once when nothing waits and no burst went lately', async () => {
    const gate = new KeyFrameGate();
    const done = gate.ask(action('resume'));
    await settle();
    await done;
    expect(ran).toEqual([{ what: 'resume', at: 0 }]);
  });

  it('a floor move: the wall’s switch waits for the points’ acks, and all go together', async () => {
    const gate = new KeyFrameGate();
    // One reconcile pass: the wall's switch is asked before the offers go out.
    void gate.ask(action('wall'));
    const [a, b] = [gate.expect(), gate.expect()];
    await settle();
    expect(ran).toEqual([]);
    await vi.advanceTimersByTimeAsync(80);
    void gate.ask(action('a'), a);
    await vi.advanceTimersByTimeAsync(40);
    expect(ran).toEqual([]); // b has not answered yet
    void gate.ask(action('b'), b);
    await settle();
    expect(ran).toEqual([
      { what: 'wall', at: 120 },
      { what: 'a', at: 120 },
      { what: 'b', at: 120 },
    ]);
  });

  it('waits for a slow ack only so long, and the late one goes a spacing after', async () => {
    const gate = new KeyFrameGate();
    const [a, slow] = [gate.expect(), gate.expect()];
    await vi.advanceTimersByTimeAsync(50);
    void gate.ask(action('a'), a);
    await vi.advanceTimersByTimeAsync(KEY_FRAME_GATHER_MS);
    expect(ran).toEqual([{ what: 'a', at: KEY_FRAME_GATHER_MS }]);
    await vi.advanceTimersByTimeAsync(100);
    void gate.ask(action('slow'), slow);
    await vi.advanceTimersByTimeAsync(KEY_FRAME_SPACING_MS);
    expect(ran.at(-1)).toEqual({ what: 'slow', at: KEY_FRAME_GATHER_MS + KEY_FRAME_SPACING_MS });
  });

  it('bursts are a spacing apart; what comes meanwhile goes together with the next', async () => {
    const gate = new KeyFrameGate();
    void gate.ask(action('1'));
    await settle();
    await vi.advanceTimersByTimeAsync(100);
    void gate.ask(action('2'));
    await vi.advanceTimersByTimeAsync(100);
    void gate.ask(action('3'));
    await vi.advanceTimersByTimeAsync(KEY_FRAME_SPACING_MS);
    expect(ran).toEqual([
      { what: '1', at: 0 },
      { what: '2', at: KEY_FRAME_SPACING_MS },
      { what: '3', at: KEY_FRAME_SPACING_MS },
    ]);
  });

  it('an offer refused (released without asking) holds up no one; old offers gather nothing', async () => {
    const gate = new KeyFrameGate();
    const [a, refused, forgotten] = [gate.expect(), gate.expect(), gate.expect()];
    await vi.advanceTimersByTimeAsync(30);
    void gate.ask(action('a'), a);
    refused();
    refused(); // idempotent
    await vi.advanceTimersByTimeAsync(KEY_FRAME_GATHER_MS);
    expect(ran).toEqual([{ what: 'a', at: KEY_FRAME_GATHER_MS }]); // waited for `forgotten`
    // Long after: `forgotten` still out, but the offers went out long ago.
    await vi.advanceTimersByTimeAsync(5000);
    void gate.ask(action('later'));
    await settle();
    expect(ran.at(-1)).toEqual({ what: 'later', at: 30 + KEY_FRAME_GATHER_MS + 5000 });
    forgotten();
  });

  it('settles as its action does; closing runs what waits', async () => {
    const gate = new KeyFrameGate();
    const failing = expect(
      gate.ask(async () => {
        throw new Error('closed');
      }),
    ).rejects.toThrow('closed');
    await settle();
    await failing;
    const waiting = gate.ask(action('waiting'));
    await settle();
    expect(ran).toEqual([]);
    gate.close();
    await waiting;
    expect(ran).toEqual([{ what: 'waiting', at: 0 }]);
  });
});
