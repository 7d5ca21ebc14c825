// Hostile values: tricky strings, edge date-times and numbers, deep nesting, id variants, JSON.

// ---- bad values ----------------------------------------------------------------------

/** A JSON number literal JSON.stringify cannot write (1e309 parses as Infinity). */
export class RawNumber {
  constructor(readonly literal: string) {}
  toJSON(): string {
    return `\u0001raw:${this.literal}\u0001`;
  }
}

/** A value nested `levels` deep. */
export class Deep {
  constructor(
    readonly levels: number,
    readonly shape: 'array' | 'object',
  ) {}
  /** Its JSON text, written without recursion. */
  text(): string {
    return this.shape === 'array'
      ? `${'['.repeat(this.levels)}1${']'.repeat(this.levels)}`
      : `${'{"a":'.repeat(this.levels)}1${'}'.repeat(this.levels)}`;
  }
  toJSON(): string {
    return `\u0001deep:${this.shape}:${this.levels}\u0001`;
  }
  build(): unknown {
    let value: unknown = 1;
    for (let i = 0; i < this.levels; i++) value = this.shape === 'array' ? [value] : { a: value };
    return value;
  }
}

/** Strings that pass most length limits but trouble storage or comparison. */
export const TRICKY_STRINGS: readonly string[] = [
  'Nguyễn Văn Đạt',
  'a\u0000b',
  '\u0000',
  '\ud800',
  'x\udfffy',
  '\ud83d\ude00',
  'e\u0301',
  '\u202eabc',
  '\ufeffbom',
  ' ',
  '\r\n',
  '%',
  '_',
  '%_\\',
  "'; DROP TABLE users; --",
  '"',
  '{{x}}',
  '<b>x</b>',
  '__proto__',
  'constructor',
  'null',
  'NaN',
  '-1',
];

export const LONG_STRINGS: readonly string[] = [
  'a'.repeat(101),
  'Đ'.repeat(257),
  '\ud835\udd4f'.repeat(1_000),
  'x'.repeat(10_000),
  `${'y'.repeat(100_000)}\u0000`,
];

/** date-time values, most of which pass the `date-time` format. */
export const EDGE_DATE_TIMES: readonly string[] = [
  '2026-12-31T23:59:60Z',
  '0000-01-01T00:00:00Z',
  '9999-12-31T23:59:59Z',
  '2031-06-30T23:59:60+00:00',
  '2026-12-15T01:00:00+14:00',
  '2026-12-15T01:00:00-12:00',
  '2026-12-15T01:00:00+23:59',
  '2026-12-15T01:00:00.123456789Z',
  '2026-12-15 01:00:00Z',
  '2026-12-15t01:00:00z',
  '2028-02-29T00:00:00Z',
  '2027-02-29T00:00:00Z',
  '1970-01-01T00:00:00Z',
  '1969-12-31T23:59:59.999Z',
  '2026-12-15T24:00:00Z',
  '2026-12-15T01:00:00',
  '+275760-09-13T00:00:00Z',
  '-000001-01-01T00:00:00Z',
];

/** Numbers as they may arrive in a query string. */
export const QUERY_NUMBERS: readonly string[] = [
  'Infinity',
  '-Infinity',
  'NaN',
  '1e309',
  '-1e309',
  '99999999999999999999',
  '9223372036854775808',
  '9223372036854775807',
  '2147483648',
  '9007199254740993',
  '-1',
  '0',
  '-0',
  '1.5',
  '0x10',
  '1e3',
  ' 1',
  '',
];

/** Numbers in a JSON body (RawNumber ones only over HTTP: socket.io writes JSON.stringify's). */
export const JSON_NUMBERS: readonly unknown[] = [
  -1,
  0,
  -0,
  1.5,
  2 ** 31,
  2 ** 53 + 2,
  2 ** 63,
  1e308,
  -1e308,
  Number.MIN_VALUE,
];
export const RAW_NUMBERS: readonly RawNumber[] = [
  new RawNumber('1e309'),
  new RawNumber('-1e309'),
  new RawNumber('99999999999999999999'),
  new RawNumber('9223372036854775808'),
];

export const WRONG_TYPES: readonly unknown[] = [
  null,
  true,
  false,
  0,
  '',
  'x',
  [],
  {},
  [1, 'a'],
  { a: 1 },
];

export const DEEP_VALUES: readonly Deep[] = [
  new Deep(2_000, 'array'),
  new Deep(2_000, 'object'),
  new Deep(3_000, 'array'),
];

export const UNKNOWN_UUID = '00000000-0000-4000-8000-000000000000';

/** Variants of a real id that a sloppy comparison or cast may mistake for it. */
export function uuidVariants(id: string): string[] {
  return [
    id.toUpperCase(),
    `urn:uuid:${id}`,
    `{${id}}`,
    id.replaceAll('-', ''),
    `${id}\u0000`,
    ` ${id}`,
    `${id}\n`,
    id.slice(0, -1),
  ];
}

// ---- generated values on the wire ----------------------------------------------------

/** Deep values built, RawNumbers left for `jsonText`. */
export function materialise(value: unknown): unknown {
  if (value instanceof Deep) return value.build();
  if (value instanceof RawNumber || Buffer.isBuffer(value) || value instanceof Uint8Array) {
    return value;
  }
  if (Array.isArray(value)) return value.map(materialise);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      Object.defineProperty(out, k, { value: materialise(v), enumerable: true });
    }
    return out;
  }
  return value;
}

/** JSON text of a generated value, with RawNumbers written as their literal. */
export function jsonText(value: unknown): string {
  const text = JSON.stringify(value) ?? 'null';
  return text
    .replace(/"\\u0001raw:([^"\\]*)\\u0001"/g, '$1')
    .replace(/"\\u0001deep:(array|object):(\d+)\\u0001"/g, (_, shape, levels) =>
      new Deep(Number(levels), shape).text(),
    );
}
