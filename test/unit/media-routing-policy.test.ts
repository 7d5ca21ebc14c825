import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MEDIA_SOURCES, type MediaSource } from '../../src/contract/primitives.js';
import {
  type Endpoint,
  interestingPoints,
  type MicOverride,
  micOpen,
  type RoutingContext,
  reach,
  route,
} from '../../src/media/routing.js';

/**
 * The briefing's routing policy, without a worker: who receives what, at
 * which layer, and whose microphone is heard.
 */
const hall: Endpoint = { pointId: 'hall', isHall: true };
const a: Endpoint = { pointId: 'a', isHall: false };
const b: Endpoint = { pointId: 'b', isHall: false };
const c: Endpoint = { pointId: 'c', isHall: false };

const ctx = (
  floorPointId: string | null,
  overrides: Record<string, MicOverride> = {},
): RoutingContext => ({ floorPointId, micOverride: new Map(Object.entries(overrides)) });

const HIGH = { layer: 'high' };
const LOW = { layer: 'low' };

describe('route: the central hall', () => {
  it('goes to every point, every source at the high layer, with or without a floor', () => {
    for (const context of [ctx(null), ctx('a'), ctx('b', { a: 'closed', hall: 'closed' })]) {
      for (const receiver of [a, b, c]) {
        for (const source of MEDIA_SOURCES) {
          expect(route(receiver, hall, source, context), `${receiver.pointId} ${source}`).toEqual(
            HIGH,
          );
        }
      }
    }
  });

  it('does not receive itself', () => {
    for (const source of MEDIA_SOURCES) expect(route(hall, hall, source, ctx(null))).toBeNull();
  });
});

describe('route: the floor holder', () => {
  it('goes to every point and the hall: camera, microphone and screen at the high layer', () => {
    const context = ctx('a');
    for (const receiver of [hall, b, c]) {
      for (const source of MEDIA_SOURCES) {
        expect(route(receiver, a, source, context), `${receiver.pointId} ${source}`).toEqual(HIGH);
      }
    }
  });

  it('does not receive itself', () => {
    for (const source of MEDIA_SOURCES) expect(route(a, a, source, ctx('a'))).toBeNull();
  });

  it('is silenced by a moderator’s "closed": no one gets its microphone, everyone still sees it', () => {
    const context = ctx('a', { a: 'closed' });
    for (const receiver of [hall, b, c]) {
      expect(route(receiver, a, 'mic', context)).toBeNull();
      expect(route(receiver, a, 'camera', context)).toEqual(HIGH);
      expect(route(receiver, a, 'screen', context)).toEqual(HIGH);
    }
  });

  it('the floor moving moves the high-layer camera with it', () => {
    expect(route(hall, a, 'camera', ctx('a'))).toEqual(HIGH);
    expect(route(hall, a, 'camera', ctx('b'))).toEqual(LOW);
    expect(route(hall, b, 'camera', ctx('b'))).toEqual(HIGH);
    expect(route(c, a, 'camera', ctx('b'))).toBeNull();
    expect(route(c, b, 'camera', ctx('b'))).toEqual(HIGH);
  });
});

describe('route: points without the floor', () => {
  it('send their camera to the hall’s wall only, at the low layer', () => {
    for (const context of [ctx(null), ctx('c')]) {
      expect(route(hall, a, 'camera', context)).toEqual(LOW);
      expect(route(hall, b, 'camera', context)).toEqual(LOW);
      expect(route(b, a, 'camera', context)).toBeNull();
      expect(route(a, b, 'camera', context)).toBeNull();
    }
  });

  it('share their screen with no one, not even the hall', () => {
    for (const receiver of [hall, b, c]) {
      expect(route(receiver, a, 'screen', ctx(null))).toBeNull();
      expect(route(receiver, a, 'screen', ctx('c'))).toBeNull();
      // An open microphone is not the floor.
      expect(route(receiver, a, 'screen', ctx(null, { a: 'open' }))).toBeNull();
    }
  });

  it('are not heard, unless a moderator opened their microphone; then by everyone', () => {
    for (const receiver of [hall, b, c]) {
      expect(route(receiver, a, 'mic', ctx(null))).toBeNull();
      expect(route(receiver, a, 'mic', ctx('b'))).toBeNull();
      expect(route(receiver, a, 'mic', ctx('b', { a: 'open' }))).toEqual(HIGH);
    }
    // Opening a's microphone does not open c's, nor put a's camera on every point.
    expect(route(b, c, 'mic', ctx(null, { a: 'open' }))).toBeNull();
    expect(route(b, a, 'camera', ctx(null, { a: 'open' }))).toBeNull();
    expect(route(hall, a, 'camera', ctx(null, { a: 'open' }))).toEqual(LOW);
  });
});

describe('micOpen', () => {
  it('the hall’s microphone is always open: the chair presides', () => {
    expect(micOpen(hall, ctx(null))).toBe(true);
    expect(micOpen(hall, ctx('a'))).toBe(true);
    expect(micOpen(hall, ctx('a', { hall: 'closed' }))).toBe(true);
  });

  it('a point’s is open with the floor, closed without it', () => {
    expect(micOpen(a, ctx('a'))).toBe(true);
    expect(micOpen(a, ctx('b'))).toBe(false);
    expect(micOpen(a, ctx(null))).toBe(false);
  });

  it('a moderator’s "open" opens it without the floor; "closed" closes it even with the floor', () => {
    expect(micOpen(a, ctx(null, { a: 'open' }))).toBe(true);
    expect(micOpen(a, ctx('b', { a: 'open' }))).toBe(true);
    expect(micOpen(a, ctx('a', { a: 'open' }))).toBe(true);
    expect(micOpen(a, ctx('a', { a: 'closed' }))).toBe(false);
    expect(micOpen(a, ctx(null, { a: 'closed' }))).toBe(false);
  });

  it('a word on one point’s microphone says nothing about another’s', () => {
    expect(micOpen(b, ctx(null, { a: 'open' }))).toBe(false);
    expect(micOpen(b, ctx('b', { a: 'closed' }))).toBe(true);
  });
});

/**
 * The policy as a table, written independently of the code: what `receiver`
 * gets of `sender`'s `source`.
 */
function expected(
  receiver: Endpoint,
  sender: Endpoint,
  source: MediaSource,
  context: RoutingContext,
): 'high' | 'low' | null {
  if (receiver.pointId === sender.pointId) return null;
  if (sender.isHall) return 'high';
  const hasFloor = context.floorPointId === sender.pointId;
  const word = context.micOverride.get(sender.pointId);
  const heard = word === 'closed' ? false : word === 'open' ? true : hasFloor;
  if (source === 'mic') return heard ? 'high' : null;
  if (hasFloor) return 'high';
  if (source === 'camera' && receiver.isHall) return 'low';
  return null;
}

describe('route: property', () => {
  const ids = ['hall', 'p1', 'p2', 'p3', 'p4'] as const;
  const endpoint = fc
    .constantFrom(...ids)
    .map((id): Endpoint => ({ pointId: id, isHall: id === 'hall' }));
  const context = fc
    .record({
      floor: fc.option(fc.constantFrom(...ids.slice(1)), { nil: null }),
      overrides: fc.dictionary(
        fc.constantFrom(...ids),
        fc.constantFrom<MicOverride>('open', 'closed'),
      ),
    })
    .map(({ floor, overrides }) => ctx(floor, overrides));

  it('matches the policy table for any floor, any moderators’ words, any pair and source', () => {
    fc.assert(
      fc.property(
        endpoint,
        endpoint,
        fc.constantFrom(...MEDIA_SOURCES),
        context,
        (receiver, sender, source, context) => {
          const got = route(receiver, sender, source, context);
          const want = expected(receiver, sender, source, context);
          expect(got).toEqual(want === null ? null : { layer: want });
          // A microphone is routed exactly when it is open (and not to its own point).
          if (source === 'mic' && receiver.pointId !== sender.pointId) {
            expect(got !== null).toBe(micOpen(sender, context));
          }
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('every point’s camera reaches the hall; only the floor holder’s at the high layer', () => {
    fc.assert(
      fc.property(context, (context) => {
        for (const id of ids.slice(1)) {
          const sender: Endpoint = { pointId: id, isHall: false };
          const layer = route(hall, sender, 'camera', context)?.layer;
          expect(layer).toBe(context.floorPointId === sender.pointId ? 'high' : 'low');
        }
      }),
    );
  });
});

describe('route: the technical test run (echo)', () => {
  it("sends a testing peer its own camera and microphone, high, and nobody else's the more", () => {
    const testing: Endpoint = { pointId: 'a', isHall: false, echo: true };
    expect(route(testing, testing, 'camera', ctx(null))).toEqual(HIGH);
    expect(route(testing, testing, 'mic', ctx(null))).toEqual(HIGH);
    expect(route(testing, testing, 'screen', ctx(null))).toBeNull();
    // Its microphone stays shut for the others: the floor decides, not the test.
    expect(route(b, testing, 'mic', ctx(null))).toBeNull();
    expect(micOpen(testing, ctx(null))).toBe(false);
    // Another socket of the same point does not get the echo.
    const sameOtherPeer: Endpoint = { pointId: 'a', isHall: false, echo: true };
    expect(route(sameOtherPeer, testing, 'camera', ctx(null))).toBeNull();
    // Without the test, nothing comes back.
    expect(route(a, a, 'camera', ctx(null))).toBeNull();
  });
});

describe("the hall's wall by pages", () => {
  it('forwards to the hall only the cameras on its page; the floor holder whatever the page', () => {
    const page = { ...ctx('c'), wallPage: new Set(['a']) };
    expect(route(hall, a, 'camera', page)).toEqual(LOW);
    expect(route(hall, b, 'camera', page)).toBeNull();
    expect(route(hall, c, 'camera', page)).toEqual(HIGH);
    // Points still hear and see the speaker and the hall; the page is the hall's alone.
    expect(route(b, c, 'camera', page)).toEqual(HIGH);
    expect(route(b, hall, 'camera', page)).toEqual(HIGH);
    // No page: every point, as before.
    expect(route(hall, b, 'camera', { ...ctx(null), wallPage: null })).toEqual(LOW);
  });
});

describe('reach and interest: a change looks at few pairs, never missing one', () => {
  const ids = ['hall', 'hall2', 'p1', 'p2', 'p3', 'p4'] as const;
  const endpoint = fc
    .record({ id: fc.constantFrom(...ids), echo: fc.boolean() })
    .map(({ id, echo }): Endpoint => ({ pointId: id, isHall: id.startsWith('hall'), echo }));
  const context = fc
    .record({
      floor: fc.option(fc.constantFrom(...ids.slice(2)), { nil: null }),
      overrides: fc.dictionary(
        fc.constantFrom(...ids),
        fc.constantFrom<MicOverride>('open', 'closed'),
      ),
      page: fc.option(fc.subarray([...ids.slice(2)]), { nil: null }),
    })
    .map(({ floor, overrides, page }) => ({
      ...ctx(floor, overrides),
      wallPage: page ? new Set<string>(page) : null,
    }));

  it('whenever route says yes, reach covers the receiver and the receiver is interested in the sender', () => {
    fc.assert(
      fc.property(
        endpoint,
        endpoint,
        fc.constantFrom(...MEDIA_SOURCES),
        context,
        (r, s, source, c) => {
          // The same peer twice (a test run) is one endpoint.
          const receiver = r.pointId === s.pointId ? s : r;
          if (route(receiver, s, source, c) === null) return;
          const to = reach(s, source, c);
          const covered =
            to.everyone || (to.halls && receiver.isHall) || (to.self && receiver === s);
          expect(covered, `${s.pointId} ${source} → ${receiver.pointId}`).toBe(true);
          const interest = interestingPoints(receiver, c);
          expect(interest === 'all' || s.isHall || interest.has(s.pointId)).toBe(true);
        },
      ),
      { numRuns: 3_000 },
    );
  });

  it('a point without the floor reaches only the halls with its camera, nobody with its screen', () => {
    const c = ctx('p1');
    expect(reach({ pointId: 'p2', isHall: false }, 'camera', c)).toEqual({
      everyone: false,
      halls: true,
      self: false,
    });
    expect(reach({ pointId: 'p2', isHall: false }, 'screen', c).everyone).toBe(false);
    expect(interestingPoints({ pointId: 'p2', isHall: false }, c)).toEqual(new Set(['p2', 'p1']));
  });
});
