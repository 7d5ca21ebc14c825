/**
 * What any input may carry, whatever its schema says: the checks every HTTP
 * request and socket payload passes at the boundary, before a handler sees
 * it. Schemas say what a field means; these say what the storage and the
 * runtime can take at all.
 */

/** Objects and arrays nested deeper than this are refused (nothing we accept is near it). */
export const MAX_DEPTH = 32;

export interface InputProblem {
  path: string;
  message: string;
}

// A lone surrogate: a high one not followed by a low one, or a low one not after a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why PostgreSQL could not store this text, or undefined when it can. */
export function textProblem(text: string): string | undefined {
  if (text.includes('\u0000')) return 'contains a NUL character (U+0000), which cannot be stored';
  if (LONE_SURROGATE.test(text)) return 'contains a broken character (a lone UTF-16 surrogate)';
  return undefined;
}

/**
 * The first thing in `value` no handler should ever see: text PostgreSQL
 * cannot store, nesting deeper than MAX_DEPTH, a number that is not finite.
 * Iterative: a hostile payload nested 100,000 deep cannot overflow the stack.
 */
export function inputProblem(value: unknown, root: string): InputProblem | undefined {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [
    { value, path: root, depth: 0 },
  ];
  while (stack.length > 0) {
    const item = stack.pop() as (typeof stack)[number];
    const v = item.value;
    if (typeof v === 'string') {
      const problem = textProblem(v);
      if (problem) return { path: item.path, message: problem };
    } else if (typeof v === 'number') {
      if (!Number.isFinite(v)) return { path: item.path, message: 'must be a finite number' };
    } else if (v !== null && typeof v === 'object') {
      if (item.depth >= MAX_DEPTH) {
        return { path: item.path, message: `is nested more than ${MAX_DEPTH} levels deep` };
      }
      for (const [key, child] of Object.entries(v)) {
        const keyProblem = textProblem(key);
        if (keyProblem) return { path: `${item.path}/${key}`, message: `key ${keyProblem}` };
        stack.push({ value: child, path: `${item.path}/${key}`, depth: item.depth + 1 });
      }
    }
  }
  return undefined;
}

/** The line (1-based) of a text body where a problem first occurs: CSV imports are read by line. */
export function lineOf(text: string, test: (line: string) => boolean): number | undefined {
  const lines = text.split(/\r?\n/);
  const index = lines.findIndex(test);
  return index < 0 ? undefined : index + 1;
}

interface SchemaNode {
  format?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  anyOf?: SchemaNode[];
}

/**
 * UUIDs are case-insensitive, but ids are also keys in memory (rooms,
 * presence, caches): `ABC…` and `abc…` must be the same session everywhere.
 * Lower-cases, in place, every string the schema declares `format: uuid`.
 */
export function normaliseUuids(schema: unknown, value: unknown): unknown {
  const node = schema as SchemaNode | undefined;
  if (!node || value === null || value === undefined) return value;
  if (typeof value === 'string') {
    const isUuid = node.format === 'uuid' || node.anyOf?.some((s) => s.format === 'uuid');
    return isUuid ? value.toLowerCase() : value;
  }
  if (Array.isArray(value)) {
    if (node.items)
      for (let i = 0; i < value.length; i++) value[i] = normaliseUuids(node.items, value[i]);
    return value;
  }
  if (typeof value === 'object') {
    const properties = node.properties ?? node.anyOf?.find((s) => s.properties)?.properties;
    if (!properties) return value;
    const record = value as Record<string, unknown>;
    for (const [key, sub] of Object.entries(properties)) {
      if (key in record) record[key] = normaliseUuids(sub, record[key]);
    }
  }
  return value;
}

// RFC 3339 date-time, as ajv-formats checks it, plus: the instant must exist
// for JavaScript (no leap second :60) and for PostgreSQL (year 1 to 9999).
const DATE_TIME =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[Tt ]([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)$/;
const EARLIEST = Date.parse('0001-01-01T00:00:00Z');
const LATEST = Date.parse('9999-12-31T23:59:59.999Z');

/** A date-time the server can compute with and store. */
export function isStorableDateTime(text: string): boolean {
  if (!DATE_TIME.test(text)) return false;
  const at = Date.parse(text);
  if (!Number.isFinite(at) || at < EARLIEST || at > LATEST) return false;
  // Date.parse rolls 2026-02-30 over into March: the day must exist in its month.
  const [year, month, day] = text.slice(0, 10).split('-').map(Number) as [number, number, number];
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}
