import fc from 'fast-check';
import Type from 'typebox';
import { describe, expect, it } from 'vitest';
import { Nullable, Uuid } from '../../src/contract/primitives.js';
import {
  inputProblem,
  isStorableDateTime,
  lineOf,
  MAX_DEPTH,
  normaliseUuids,
  textProblem,
} from '../../src/http/input.js';

const HIGH = '\uD83D'; // the first half of 😀
const LOW = '\uDE00'; // its second half

/** Whether text survives a UTF-8 round trip (no lone surrogate) and holds no NUL: an independent oracle. */
const storable = (text: string) =>
  !text.includes('\u0000') && Buffer.from(text, 'utf8').toString('utf8') === text;

describe('textProblem', () => {
  it('passes ordinary text, Vietnamese and emoji included', () => {
    for (const text of [
      '',
      'hello',
      'Hà Nội — Ủy ban',
      '😀 ok',
      `${HIGH}${LOW}`,
      '\uFFFF',
      '\t\n',
    ]) {
      expect(textProblem(text), JSON.stringify(text)).toBeUndefined();
    }
  });

  it('refuses a NUL character anywhere', () => {
    for (const text of ['\u0000', 'a\u0000', '\u0000b', 'a\u0000b']) {
      expect(textProblem(text)).toMatch(/NUL/);
    }
  });

  it('refuses a lone surrogate: high alone or last, low alone or first, a reversed pair', () => {
    for (const text of [
      HIGH,
      LOW,
      `a${HIGH}`,
      `${HIGH}a`,
      `${LOW}a`,
      `a${LOW}`,
      `${LOW}${HIGH}`,
      `${HIGH}${HIGH}${LOW}`,
      `${HIGH}${LOW}${LOW}`,
    ]) {
      expect(textProblem(text), JSON.stringify(text)).toMatch(/lone UTF-16 surrogate/);
    }
  });

  it('refuses exactly what cannot be stored (property, any UTF-16 code units)', () => {
    const unit = fc.oneof(
      fc.integer({ min: 0xd800, max: 0xdfff }),
      fc.constantFrom(0, 0xd83d, 0xde00, 0x61),
      fc.integer({ min: 0, max: 0xffff }),
    );
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 8 }), (units) => {
        const text = String.fromCharCode(...units);
        expect(textProblem(text) === undefined, JSON.stringify(text)).toBe(storable(text));
      }),
      { numRuns: 2_000 },
    );
  });
});

/** `depth` objects (or arrays) nested in one another around a leaf. */
function nested(
  depth: number,
  kind: 'object' | 'array' = 'object',
  leaf: unknown = 'leaf',
): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = kind === 'object' ? { a: value } : [value];
  return value;
}

describe('inputProblem', () => {
  it('passes what the storage and runtime can take', () => {
    expect(
      inputProblem(
        { title: 'Hà Nội', n: 1e308, m: -0, list: [1, 'two', null, true, { x: [] }], empty: {} },
        'body',
      ),
    ).toBeUndefined();
    for (const scalar of ['', 0, null, undefined, false, 'x']) {
      expect(inputProblem(scalar, 'body')).toBeUndefined();
    }
  });

  it('names the path of a NUL or a lone surrogate in a value, through objects and arrays', () => {
    expect(inputProblem({ a: { b: ['x', 'y\u0000'] } }, 'body')).toEqual({
      path: 'body/a/b/1',
      message: expect.stringMatching(/NUL/),
    });
    expect(inputProblem({ title: `x${HIGH}` }, 'body')).toEqual({
      path: 'body/title',
      message: expect.stringMatching(/surrogate/),
    });
    expect(inputProblem(`${LOW}`, 'query')).toEqual({
      path: 'query',
      message: expect.stringMatching(/surrogate/),
    });
  });

  it('checks keys as well as values', () => {
    expect(inputProblem({ ok: { [`k${HIGH}`]: 1 } }, 'body')).toEqual({
      path: `body/ok/k${HIGH}`,
      message: expect.stringMatching(/^key .*surrogate/),
    });
    expect(inputProblem({ 'a\u0000': 'fine' }, 'body')).toEqual({
      path: 'body/a\u0000',
      message: expect.stringMatching(/^key .*NUL/),
    });
  });

  it('refuses numbers that are not finite', () => {
    for (const n of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      expect(inputProblem({ seconds: [1, n] }, 'body')).toEqual({
        path: 'body/seconds/1',
        message: 'must be a finite number',
      });
    }
    expect(inputProblem(Number.NaN, 'body')?.path).toBe('body');
  });

  it(`allows nesting to ${MAX_DEPTH} levels and refuses one more, objects and arrays alike`, () => {
    expect(MAX_DEPTH).toBe(32);
    for (const kind of ['object', 'array'] as const) {
      expect(inputProblem(nested(MAX_DEPTH, kind), 'body'), kind).toBeUndefined();
      const problem = inputProblem(nested(MAX_DEPTH + 1, kind), 'body');
      expect(problem?.message, kind).toBe(`is nested more than ${MAX_DEPTH} levels deep`);
      const step = kind === 'object' ? '/a' : '/0';
      expect(problem?.path, kind).toBe(`body${step.repeat(MAX_DEPTH)}`);
    }
  });

  it('refuses a 100,000-deep object and array without overflowing the stack', () => {
    for (const kind of ['object', 'array'] as const) {
      const deep = nested(100_000, kind, 'leaf');
      expect(() => inputProblem(deep, 'body')).not.toThrow();
      expect(inputProblem(deep, 'body')?.message).toMatch(/nested more than/);
    }
  });

  it('passes any JSON value of moderate depth with finite numbers and clean text (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        expect(inputProblem(value, 'body')).toBeUndefined();
      }),
    );
  });

  it('finds one bad leaf anywhere in a good value, at its path (property)', () => {
    const bad = fc.constantFrom<unknown>(
      'x\u0000',
      HIGH,
      `${LOW}z`,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      -Number.POSITIVE_INFINITY,
    );
    const segment = fc.oneof(
      fc.constantFrom('a', 'b', 'items'),
      fc.nat({ max: 3 }).map((i) => i),
    );
    fc.assert(
      fc.property(
        fc.jsonValue({ maxDepth: 3 }),
        fc.array(segment, { maxLength: 10 }),
        bad,
        (good, path, leaf) => {
          // Build the path from the root down, the good value beside it at every level.
          let value: unknown = leaf;
          for (const key of [...path].reverse()) {
            value =
              typeof key === 'number'
                ? Object.assign(new Array(key + 1).fill(good), { [key]: value })
                : { good, [key]: value };
          }
          const problem = inputProblem(value, 'body');
          expect(problem?.path).toBe(['body', ...path].join('/'));
        },
      ),
    );
  });
});

describe('lineOf', () => {
  it('gives the 1-based line of the first match, across CRLF and LF', () => {
    expect(lineOf('a\r\nb\nc\u0000', (l) => l.includes('\u0000'))).toBe(3);
    expect(lineOf('x', (l) => l === 'x')).toBe(1);
    expect(lineOf('a\nb', () => false)).toBeUndefined();
  });
});

describe('normaliseUuids', () => {
  const ID = '0F8FAD5B-D9CB-469F-A165-70867728950E';
  const id = ID.toLowerCase();

  it('lower-cases a string the schema declares a uuid, and no other', () => {
    expect(normaliseUuids({ type: 'string', format: 'uuid' }, ID)).toBe(id);
    expect(normaliseUuids({ type: 'string' }, ID)).toBe(ID);
    expect(normaliseUuids({ type: 'string', format: 'date-time' }, 'ABC')).toBe('ABC');
    expect(normaliseUuids(undefined, ID)).toBe(ID);
  });

  it('follows the schema into objects, in place, leaving undeclared and absent fields alone', () => {
    const schema = Type.Object({
      sessionId: Uuid,
      name: Type.String(),
      pointId: Type.Optional(Uuid),
    });
    const value: Record<string, unknown> = { sessionId: ID, name: ID, extra: ID };
    expect(normaliseUuids(schema, value)).toBe(value);
    expect(value).toEqual({ sessionId: id, name: ID, extra: ID });
    expect('pointId' in value).toBe(false);
  });

  it('follows arrays through their items', () => {
    const list = [ID, ID.replace('0F', 'AB')];
    expect(normaliseUuids(Type.Array(Uuid), list)).toBe(list);
    expect(list).toEqual([id, id.replace('0f', 'ab')]);
    const objects = [{ pointId: ID }, { pointId: ID }];
    normaliseUuids(Type.Array(Type.Object({ pointId: Uuid })), objects);
    expect(objects).toEqual([{ pointId: id }, { pointId: id }]);
    // No items schema: nothing to go by.
    const untyped = [ID];
    normaliseUuids({ type: 'array' }, untyped);
    expect(untyped).toEqual([ID]);
  });

  it('follows unions: a nullable uuid, and an object or null', () => {
    const schema = Type.Object({
      target: Nullable(Uuid),
      moved: Type.Union([Type.Object({ pointId: Uuid, code: Type.String() }), Type.Null()]),
    });
    const value = { target: ID, moved: { pointId: ID, code: 'HA-NOI' } };
    normaliseUuids(schema, value);
    expect(value).toEqual({ target: id, moved: { pointId: id, code: 'HA-NOI' } });
    const empty = { target: null, moved: null };
    normaliseUuids(schema, empty);
    expect(empty).toEqual({ target: null, moved: null });
  });

  it('leaves values of the wrong shape as they are (validation reports them)', () => {
    const schema = Type.Object({ ids: Type.Array(Uuid) });
    expect(normaliseUuids(schema, { ids: ID })).toEqual({ ids: ID });
    expect(normaliseUuids(schema, 42)).toBe(42);
    expect(normaliseUuids(Uuid, { not: 'a string' })).toEqual({ not: 'a string' });
  });
});

describe('isStorableDateTime', () => {
  it.each([
    '2026-05-04T08:00:00Z',
    '2026-05-04T08:00:00.123Z',
    '2026-05-04T08:00:00.123456789Z',
    '2026-05-04t08:00:00z',
    '2026-05-04 08:00:00Z',
    '2026-05-04T08:00:00+07:00',
    '2026-05-04T08:00:00-05:30',
    '2026-05-04T08:00:00+23:59',
    '2024-02-29T00:00:00Z',
    '2000-02-29T00:00:00Z',
    '2026-04-30T23:59:59Z',
    '2026-12-31T23:59:59Z',
    '0001-01-01T00:00:00Z',
    '0001-01-01T00:59:59-01:00',
    '9999-12-31T23:59:59Z',
    '9999-12-31T23:59:59.999Z',
    '9999-12-31T23:59:59+01:00',
  ])('accepts %s', (text) => {
    expect(isStorableDateTime(text)).toBe(true);
  });

  it.each([
    ['a leap second', '2016-12-31T23:59:60Z'],
    ['year 0', '0000-01-01T00:00:00Z'],
    ['year 0 at the end', '0000-12-31T23:59:59Z'],
    ['before year 1 through its offset', '0001-01-01T00:00:00+01:00'],
    ['after 9999 through its offset', '9999-12-31T23:59:59-01:00'],
    ['a six-digit year', '+010000-01-01T00:00:00Z'],
    ['30 February', '2026-02-30T00:00:00Z'],
    ['29 February in a common year', '2026-02-29T00:00:00Z'],
    ['29 February 1900', '1900-02-29T00:00:00Z'],
    ['31 April', '2026-04-31T00:00:00Z'],
    ['month 13', '2026-13-01T00:00:00Z'],
    ['month 0', '2026-00-01T00:00:00Z'],
    ['day 0', '2026-05-00T00:00:00Z'],
    ['day 32', '2026-05-32T00:00:00Z'],
    ['hour 24', '2026-05-04T24:00:00Z'],
    ['minute 60', '2026-05-04T08:60:00Z'],
    ['offset hour 24', '2026-05-04T08:00:00+24:00'],
    ['offset minute 60', '2026-05-04T08:00:00+07:60'],
    ['no offset', '2026-05-04T08:00:00'],
    ['a date alone', '2026-05-04'],
    ['a compact offset', '2026-05-04T08:00:00+0700'],
    ['trailing text', '2026-05-04T08:00:00Zx'],
    ['an empty fraction', '2026-05-04T08:00:00.Z'],
    ['nothing', ''],
  ])('refuses %s (%s)', (_why, text) => {
    expect(isStorableDateTime(text)).toBe(false);
  });

  const leap = (y: number) => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  const daysIn = (y: number, m: number) =>
    m === 2 ? (leap(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');

  it('accepts a day exactly when it exists in its month, years 1 to 9999 (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9999 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 31 }),
        (y, m, d) => {
          const text = `${pad(y, 4)}-${pad(m)}-${pad(d)}T12:00:00Z`;
          expect(isStorableDateTime(text), text).toBe(d <= daysIn(y, m));
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('accepts every instant from year 1 to 9999 as JavaScript writes it (property)', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('0001-01-01T00:00:00.000Z'),
          max: new Date('9999-12-31T23:59:59.999Z'),
          noInvalidDate: true,
        }),
        (date) => {
          expect(isStorableDateTime(date.toISOString()), date.toISOString()).toBe(true);
        },
      ),
    );
  });
});
