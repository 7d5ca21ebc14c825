// Generators of plausible and hostile values from JSON schemas (the OpenAPI and socket contracts).
import fc from 'fast-check';
import {
  DEEP_VALUES,
  EDGE_DATE_TIMES,
  JSON_NUMBERS,
  LONG_STRINGS,
  RAW_NUMBERS,
  TRICKY_STRINGS,
  UNKNOWN_UUID,
  uuidVariants,
  WRONG_TYPES,
} from './hostile.js';

// ---- inputs from JSON schemas ---------------------------------------------------------

export type Schema = Record<string, any>;
export type Transport = 'http' | 'socket';

/**
 * Plausible values by property or parameter name (`sessionId`, `code`,
 * `invitedPointCodes[]` for array items, `path.id` for a path parameter only);
 * `uuid` holds every known id; `path` holds objects of path values that belong
 * together (`{ code, credentialId }`).
 */
export type Hints = Record<string, readonly unknown[]>;

export interface GenContext {
  hints: Hints;
  mutate: boolean;
  transport: Transport;
}

const now = Date.now();
/** Times a few days to a few weeks ahead on round hours: random pairs are often in order. */
const ANCHOR_TIMES = Array.from({ length: 16 }, (_, i) =>
  new Date(Math.floor(now / 3_600_000) * 3_600_000 + (4 + i * 2) * 86_400_000 + (i % 5) * 3_600_000)
    .toISOString()
    .replace('.000Z', 'Z'),
);

function codePoints(s: string): number {
  return [...s].length;
}

function fitting(strings: readonly string[], schema: Schema): string[] {
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? Number.POSITIVE_INFINITY;
  return strings.filter((s) => codePoints(s) >= min && codePoints(s) <= max);
}

function stringArbitrary(schema: Schema, ctx: GenContext) {
  const known = (ctx.hints.uuid ?? []) as string[];
  if (schema.format === 'uuid') {
    const ids = known.length ? known : [UNKNOWN_UUID];
    return fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...ids) },
      { weight: 1, arbitrary: fc.uuid() },
      { weight: 1, arbitrary: fc.constantFrom(...ids.map((id) => id.toUpperCase())) },
    );
  }
  if (schema.format === 'date-time') {
    return fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...ANCHOR_TIMES) },
      { weight: 1, arbitrary: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()) },
      { weight: 3, arbitrary: fc.constantFrom(...EDGE_DATE_TIMES) },
    );
  }
  if (typeof schema.pattern === 'string') {
    return fc.stringMatching(new RegExp(schema.pattern));
  }
  const min: number = schema.minLength ?? 0;
  const max: number | undefined = schema.maxLength;
  const shortMax = Math.max(min, Math.min(max ?? 40, 40));
  const options: Array<fc.WeightedArbitrary<string>> = [
    { weight: 4, arbitrary: fc.string({ minLength: min, maxLength: shortMax }) },
    {
      weight: 2,
      arbitrary: fc.string({ unit: 'grapheme', minLength: min, maxLength: shortMax }),
    },
  ];
  const tricky = fitting(TRICKY_STRINGS, schema);
  if (tricky.length) options.push({ weight: 3, arbitrary: fc.constantFrom(...tricky) });
  if (max !== undefined && max <= 200_000 && max >= 1) {
    options.push({
      weight: 1,
      arbitrary: fc.constantFrom(
        'Ế'.repeat(max),
        '\ud835\udd4f'.repeat(max),
        `${'a'.repeat(max - 1)}\u0000`,
      ),
    });
  }
  return fc.oneof(...options);
}

function integerArbitrary(schema: Schema) {
  const min: number = schema.minimum ?? (schema.exclusiveMinimum ?? -1_000_001) + 1;
  const max: number = schema.maximum ?? (schema.exclusiveMaximum ?? 2 ** 53) - 1;
  const edges = [min, max, min + 1, max - 1, 0, 1, 2 ** 31 - 1, 2 ** 31, 2 ** 53 - 1].filter(
    (n) => n >= min && n <= max && Number.isSafeInteger(n),
  );
  return fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min, max: Math.min(max, min + 1_000) }) },
    { weight: 2, arbitrary: fc.integer({ min, max: Math.min(max, 2 ** 53 - 1) }) },
    { weight: 2, arbitrary: fc.constantFrom(...(edges.length ? edges : [min])) },
  );
}

function numberArbitrary(schema: Schema) {
  const min: number = schema.minimum ?? -1e12;
  const max: number = schema.maximum ?? 1e12;
  return fc.oneof(
    { weight: 3, arbitrary: fc.double({ min, max, noNaN: true, noDefaultInfinity: true }) },
    { weight: 1, arbitrary: fc.constantFrom(min, max) },
  );
}

function nasty(ctx: GenContext, good: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  const known = (ctx.hints.uuid ?? []) as string[];
  const options: Array<fc.WeightedArbitrary<unknown>> = [
    { weight: 3, arbitrary: fc.constantFrom(...WRONG_TYPES) },
    { weight: 3, arbitrary: fc.constantFrom(...TRICKY_STRINGS) },
    { weight: 2, arbitrary: fc.constantFrom(...LONG_STRINGS) },
    { weight: 2, arbitrary: fc.constantFrom(...EDGE_DATE_TIMES) },
    { weight: 2, arbitrary: fc.constantFrom(...JSON_NUMBERS) },
    { weight: 1, arbitrary: fc.constantFrom(...DEEP_VALUES) },
    { weight: 1, arbitrary: good.map((v) => [v]) },
    { weight: 1, arbitrary: good.map((v) => ({ value: v })) },
  ];
  if (known.length) {
    options.push({ weight: 2, arbitrary: fc.constantFrom(...known.flatMap(uuidVariants)) });
  }
  if (ctx.transport === 'http') {
    options.push({ weight: 2, arbitrary: fc.constantFrom(...RAW_NUMBERS) });
  } else {
    options.push({
      weight: 1,
      arbitrary: fc.constantFrom(Buffer.from([0, 255, 1]), Buffer.alloc(0), new Uint8Array([7])),
    });
  }
  return fc.oneof(...options);
}

/** Strings and other values that fit no schema in particular. */
export function anyJson(): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.jsonValue({ maxDepth: 2 }),
    fc.constantFrom(...TRICKY_STRINGS),
    fc.constantFrom(...WRONG_TYPES),
  );
}

const EXTRA_KEYS = ['extra', '__proto__', 'constructor', 'pointCode', 'id', ''];

function objectArbitrary(schema: Schema, key: string | undefined, ctx: GenContext, depth: number) {
  const properties: Record<string, Schema> = schema.properties ?? {};
  const required = new Set<string>(schema.required ?? []);
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, sub] of Object.entries(properties))
    model[name] = gen(sub, name, ctx, depth + 1);
  let base: fc.Arbitrary<Record<string, unknown>> = fc.record(model, {
    requiredKeys: [...required].filter((k) => k in model),
  });
  const open: Schema | undefined =
    schema.patternProperties && Object.values(schema.patternProperties)[0]
      ? (Object.values(schema.patternProperties)[0] as Schema)
      : typeof schema.additionalProperties === 'object'
        ? schema.additionalProperties
        : undefined;
  if (open && Object.keys(properties).length === 0) {
    base = fc.dictionary(
      fc.string({ minLength: 1, maxLength: 8 }),
      gen(open, key, ctx, depth + 1),
      {
        maxKeys: 4,
      },
    );
  }
  // Two date-times side by side (a start and an end): often a plausible span apart.
  const times = Object.entries(properties)
    .filter(([, sub]) => sub.format === 'date-time')
    .map(([name]) => name);
  if (times.length >= 2) {
    const [from, to] = times as [string, string];
    base = fc
      .tuple(base, fc.option(fc.integer({ min: 1, max: 8 }), { freq: 3 }))
      .map(([value, hours]) => {
        const start = typeof value[from] === 'string' ? Date.parse(value[from] as string) : NaN;
        const end = new Date(start + (hours ?? 0) * 3_600_000);
        if (hours === null || Number.isNaN(end.getTime()) || !(to in value)) return value;
        return { ...value, [to]: end.toISOString() };
      });
  }
  if (!ctx.mutate) return base;
  // Mutations of the object itself: a required key dropped, an unexpected key added.
  return fc
    .tuple(
      base,
      fc.option(fc.constantFrom(...(required.size ? [...required] : ['-'])), { freq: 4 }),
      fc.option(fc.tuple(fc.constantFrom(...EXTRA_KEYS), anyJson()), { freq: 4 }),
    )
    .map(([value, drop, extra]) => {
      const out: Record<string, unknown> = { ...value };
      if (drop !== null) delete out[drop];
      if (extra !== null)
        Object.defineProperty(out, extra[0], { value: extra[1], enumerable: true });
      return out;
    });
}

function arrayArbitrary(schema: Schema, key: string | undefined, ctx: GenContext, depth: number) {
  const items = gen(schema.items ?? {}, key ? `${key}[]` : undefined, ctx, depth + 1);
  const minLength: number = schema.minItems ?? 0;
  const maxLength = Math.max(minLength, Math.min(schema.maxItems ?? 5, 5));
  let small = schema.uniqueItems
    ? fc.uniqueArray(items, { minLength, maxLength, selector: (v) => JSON.stringify(v) })
    : fc.array(items, { minLength, maxLength });
  // Items with plausible values: often only those (a list of real codes, not one stray).
  const hinted = key ? ctx.hints[`${key}[]`] : undefined;
  if (hinted?.length && !ctx.mutate) {
    const only = fc.uniqueArray(fc.constantFrom(...hinted), {
      minLength: Math.min(minLength, hinted.length),
      maxLength: Math.min(maxLength, hinted.length),
      selector: (v) => JSON.stringify(v),
    });
    small = fc.oneof({ weight: 2, arbitrary: only }, { weight: 1, arbitrary: small });
  }
  if (!ctx.mutate) return small;
  // Past the limit: maxItems + 1 of the same value.
  const over =
    schema.maxItems !== undefined && schema.maxItems <= 50_000
      ? items.map((v) => Array.from({ length: (schema.maxItems as number) + 1 }, () => v))
      : small;
  return fc.oneof({ weight: 6, arbitrary: small }, { weight: 1, arbitrary: over });
}

function valid(
  schema: Schema,
  key: string | undefined,
  ctx: GenContext,
  depth: number,
): fc.Arbitrary<unknown> {
  const base = byType(schema, key, ctx, depth);
  const hinted = key ? ctx.hints[key] : undefined;
  if (hinted?.length) {
    return fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...hinted) },
      { weight: 1, arbitrary: base },
    );
  }
  return base;
}

function byType(
  schema: Schema,
  key: string | undefined,
  ctx: GenContext,
  depth: number,
): fc.Arbitrary<unknown> {
  if (depth > 12) return fc.constant(null);
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...schema.enum);
  const alternatives: Schema[] | undefined = schema.anyOf ?? schema.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((s) => gen(s, key, ctx, depth)));
  if (Array.isArray(schema.allOf)) {
    return gen(Object.assign({}, ...schema.allOf), key, ctx, depth);
  }
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      return stringArbitrary(schema, ctx);
    case 'integer':
      return integerArbitrary(schema);
    case 'number':
      return numberArbitrary(schema);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return arrayArbitrary(schema, key, ctx, depth);
    case 'object':
      return objectArbitrary(schema, key, ctx, depth);
    default:
      if (schema.properties) return objectArbitrary(schema, key, ctx, depth);
      return anyJson();
  }
}

/** One schema node: valid (with plausible values), or in mutate mode now and then something bad. */
export function gen(
  schema: Schema,
  key: string | undefined,
  ctx: GenContext,
  depth = 0,
): fc.Arbitrary<unknown> {
  const good = valid(schema, key, ctx, depth);
  if (!ctx.mutate) return good;
  return fc.oneof({ weight: 7, arbitrary: good }, { weight: 1, arbitrary: nasty(ctx, good) });
}

/** What an input of `schema` can be: valid, valid with bad values inside, or garbage. */
export function inputFor(
  schema: Schema,
  hints: Hints,
  transport: Transport,
): fc.Arbitrary<unknown> {
  const validOnly = gen(schema, undefined, { hints, mutate: false, transport });
  return fc.oneof(
    { weight: 1, arbitrary: validOnly },
    { weight: 1, arbitrary: mutatedInput(schema, hints, transport) },
  );
}

/** Valid with bad values inside (most), or garbage instead. */
export function mutatedInput(
  schema: Schema,
  hints: Hints,
  transport: Transport,
): fc.Arbitrary<unknown> {
  const validOnly = gen(schema, undefined, { hints, mutate: false, transport });
  const mutated = gen(schema, undefined, { hints, mutate: true, transport });
  return fc.oneof(
    { weight: 5, arbitrary: mutated },
    { weight: 1, arbitrary: nasty({ hints, mutate: true, transport }, validOnly) },
  );
}
