// HTTP cases: the routes of an OpenAPI document and requests to them built from its schemas.
import fc from 'fast-check';
import {
  EDGE_DATE_TIMES,
  jsonText,
  LONG_STRINGS,
  QUERY_NUMBERS,
  TRICKY_STRINGS,
  UNKNOWN_UUID,
} from './hostile.js';
import { type GenContext, gen, type Hints, mutatedInput, type Schema } from './values.js';

// ---- HTTP --------------------------------------------------------------------------

export interface OpenApiParameter {
  in: 'path' | 'query' | 'header' | 'cookie';
  name: string;
  required?: boolean;
  schema: Schema;
}

export interface Route {
  method: string;
  /** OpenAPI path: /api/v1/sessions/{id} */
  path: string;
  parameters: OpenApiParameter[];
  bodies: Array<{ contentType: string; schema: Schema }>;
  bodyRequired: boolean;
}

/** Every operation of an OpenAPI 3 document. */
export function routesOf(doc: any): Route[] {
  const routes: Route[] = [];
  for (const [path, item] of Object.entries<any>(doc.paths ?? {})) {
    for (const [method, op] of Object.entries<any>(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const content = op.requestBody?.content ?? {};
      routes.push({
        method: method.toUpperCase(),
        path,
        parameters: [...(item.parameters ?? []), ...(op.parameters ?? [])],
        bodies: Object.entries<any>(content).map(([contentType, c]) => ({
          contentType,
          schema: c.schema ?? {},
        })),
        bodyRequired: Boolean(op.requestBody?.required),
      });
    }
  }
  return routes;
}

export interface HttpCase {
  method: string;
  url: string;
  caller: string;
  headers: Record<string, string>;
  body?: string;
  /** The input before encoding, for the report. */
  shown: Record<string, unknown>;
  /** Sent twice at the same time (races between equal requests). */
  twice: boolean;
}

/** Path segments that trouble routers and decoders, written as they go on the wire. */
export const NASTY_SEGMENTS: readonly string[] = [
  '%00',
  'a%00b',
  '%ff',
  '%',
  '%zz',
  '%C0%AF',
  '%ED%A0%80',
  '%E1%BA%BF',
  '%2e%2e',
  '..',
  '%2F',
  '%20',
  '%0A',
  'a'.repeat(101),
  'a'.repeat(2_000),
  `${UNKNOWN_UUID}%00`,
  UNKNOWN_UUID.toUpperCase(),
  `urn:uuid:${UNKNOWN_UUID}`,
  'null',
  '-1',
  '__proto__',
  'constructor',
];

/** Percent-encodes, lone surrogates included (as the invalid UTF-8 they would be). */
export function encodeLoose(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return [...s]
      .map((c) => {
        const code = c.charCodeAt(0);
        if (code >= 0xd800 && code <= 0xdfff && c.length === 1) {
          return [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
            .map((b) => `%${b.toString(16).toUpperCase()}`)
            .join('');
        }
        return encodeURIComponent(c);
      })
      .join('');
  }
}

/** A query value: generated from the schema and encoded, or (mutated) raw trouble. */
function queryValue(
  param: OpenApiParameter,
  hints: Hints,
  mutate: boolean,
): fc.Arbitrary<string[]> {
  const ctx: GenContext = { hints, mutate: false, transport: 'http' };
  const itemSchema: Schema =
    param.schema.type === 'array' ? (param.schema.items ?? {}) : param.schema;
  const key = hints[`query.${param.name}`] ? `query.${param.name}` : param.name;
  const good = gen(itemSchema, key, ctx).map((v) => encodeLoose(String(v)));
  const bad = fc.oneof(
    fc.constantFrom(...QUERY_NUMBERS).map(encodeLoose),
    fc.constantFrom(...EDGE_DATE_TIMES).map(encodeLoose),
    fc.constantFrom(...TRICKY_STRINGS, ...LONG_STRINGS.slice(0, 3)).map(encodeLoose),
    fc.constantFrom('%00', '%ff', '%', '%zz', '%ED%A0%80', 'a&b', '=', '%26', '[]', 'a,b,,'),
  );
  const one = mutate
    ? fc.oneof({ weight: 2, arbitrary: good }, { weight: 1, arbitrary: bad })
    : good;
  if (param.schema.type === 'array') {
    return fc.oneof(
      fc.array(one, { minLength: 1, maxLength: 3 }),
      fc.array(one, { minLength: 1, maxLength: 3 }).map((v) => [v.join(',')]),
    );
  }
  if (!mutate) return one.map((v) => [v]);
  return fc.oneof(
    { weight: 6, arbitrary: one.map((v) => [v]) },
    { weight: 1, arbitrary: fc.array(one, { minLength: 2, maxLength: 3 }) },
  );
}
const JSON_GARBAGE: readonly string[] = [
  '',
  ' ',
  'null',
  '[]',
  '{}',
  '"str"',
  'true',
  '1e309',
  '{',
  '{"a":',
  '\u0000',
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '[[[[[[[[[[[[[[[[[[[[',
  `${'['.repeat(2_000)}${']'.repeat(2_000)}`,
  `${'{"a":'.repeat(2_000)}1${'}'.repeat(2_000)}`,
  `"${'x'.repeat(1_100_000)}"`,
];

function csvBody(hints: Hints, mutate: boolean): fc.Arbitrary<string> {
  const codes = (hints['csv.code'] ?? ['can-tho']) as string[];
  const field = fc.oneof(
    fc.constantFrom(...codes),
    fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,10}$/),
    fc.constantFrom('province', 'district', 'commune', 'central-body', 'central-hall', ''),
    fc.constantFrom(...TRICKY_STRINGS),
    fc.string({ maxLength: 20 }),
  );
  const row = fc
    .array(field, { minLength: 1, maxLength: 5 })
    .map((fields) =>
      fields.map((f) => (/[",\r\n]/.test(f) ? `"${f.replaceAll('"', '""')}"` : f)).join(','),
    );
  const plausible = fc
    .tuple(
      fc.constantFrom(
        'code,name,kind,parent_code',
        '\ufeffcode,name,kind,parent_code',
        'name,code',
      ),
      fc.array(row, { maxLength: 6 }),
      fc.constantFrom('\n', '\r\n', '\r'),
    )
    .map(([header, rows, eol]) => [header, ...rows].join(eol));
  const garbage = fc.constantFrom(
    '',
    '\ufeff',
    'code,name,kind,parent_code\n"unterminated',
    'code,name,kind,parent_code\n\u0000,\u0000,\u0000,\u0000',
    `code,name,kind,parent_code\n${'x,'.repeat(50_000)}`,
    `code,name,kind,parent_code\n${Array.from({ length: 2_000 }, (_, i) => `p-${i},P ${i},commune,can-tho`).join('\n')}`,
    '\xff\xfe\x00c\x00o',
  );
  if (!mutate) return plausible;
  return fc.oneof({ weight: 2, arbitrary: plausible }, { weight: 1, arbitrary: garbage });
}

/** Requests to one route: plausible and bad path values, queries, bodies, callers and headers. */
export function httpCases(
  route: Route,
  opts: {
    hints: Hints;
    callers: Record<string, string | undefined>;
    /** More nasty path segments (for the network: over-long ones hit limits before routing). */
    extraSegments?: readonly string[];
  },
): fc.Arbitrary<HttpCase> {
  return fc.oneof(httpCasesIn('valid', route, opts), httpCasesIn('mutated', route, opts));
}

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=latin1',
  'text/plain',
  'text/csv',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/problem+json',
  'application/',
  ';;;',
];

type BodyChoice = { type?: string; text?: string; shown: unknown };

/**
 * `valid`: every part plausible (schema-valid, with tricky but valid values);
 * `mutated`: bad path segments, query values and bodies mixed in.
 */
function httpCasesIn(
  mode: 'valid' | 'mutated',
  route: Route,
  opts: {
    hints: Hints;
    callers: Record<string, string | undefined>;
    extraSegments?: readonly string[];
  },
): fc.Arbitrary<HttpCase> {
  const { hints } = opts;
  const mutate = mode === 'mutated';
  const pathParams = route.parameters.filter((p) => p.in === 'path');
  const queryParams = route.parameters.filter((p) => p.in === 'query');
  const segment = (p: OpenApiParameter) => {
    const good = gen(p.schema, hints[`path.${p.name}`] ? `path.${p.name}` : p.name, {
      hints,
      mutate: false,
      transport: 'http',
    }).map((v) => encodeLoose(String(v)));
    if (!mutate) return good;
    return fc.oneof(
      { weight: 4, arbitrary: good },
      {
        weight: 3,
        arbitrary: fc.constantFrom(...NASTY_SEGMENTS, ...(opts.extraSegments ?? [])),
      },
      {
        weight: 1,
        arbitrary: fc.constantFrom(...TRICKY_STRINGS, ...EDGE_DATE_TIMES).map(encodeLoose),
      },
    );
  };
  // Path values that belong together (a point and one of its credentials), from hints.path.
  const tuples = ((hints.path ?? []) as Array<Record<string, string>>).filter(
    (tuple) => pathParams.length > 0 && pathParams.every((p) => p.name in tuple),
  );
  const segments = (): fc.Arbitrary<string[]> => {
    const independent = fc.tuple(...pathParams.map(segment));
    if (!tuples.length) return independent;
    const together = fc
      .constantFrom(...tuples)
      .map((tuple) => pathParams.map((p) => encodeLoose(tuple[p.name] as string)));
    return fc.oneof(
      { weight: 1, arbitrary: together },
      { weight: mutate ? 3 : 1, arbitrary: independent },
    );
  };
  const query = fc.record(
    Object.fromEntries(queryParams.map((p) => [p.name, queryValue(p, hints, mutate)])),
    { requiredKeys: [] },
  );
  const bodyOptions: Array<fc.WeightedArbitrary<BodyChoice>> = [];
  for (const b of route.bodies) {
    const json = b.contentType.includes('json');
    const arbitrary: fc.Arbitrary<BodyChoice> = json
      ? (mutate
          ? mutatedInput(b.schema, hints, 'http')
          : gen(b.schema, undefined, { hints, mutate: false, transport: 'http' })
        ).map((v) => ({ type: 'application/json', text: jsonText(v), shown: v }))
      : (b.contentType === 'text/csv' ? csvBody(hints, mutate) : fc.string()).map((text) => ({
          type: b.contentType,
          text,
          shown: text,
        }));
    bodyOptions.push({ weight: 8, arbitrary });
  }
  if (mutate || route.bodies.length === 0) {
    // Garbage bodies (also on routes without one), empty bodies, strange content types.
    if (mutate) {
      bodyOptions.push({
        weight: route.bodies.length ? 2 : 1,
        arbitrary: fc
          .tuple(fc.constantFrom(...JSON_GARBAGE), fc.constantFrom(...CONTENT_TYPES))
          .map(([text, type]) => ({ type, text, shown: text })),
      });
    }
    bodyOptions.push({
      weight: route.bodies.length ? 1 : 6,
      arbitrary: fc.constant({ shown: undefined }),
    });
  }
  const accept = fc.constantFrom(
    undefined,
    undefined,
    undefined,
    'application/json',
    'text/csv',
    'application/xml',
    '*/*',
    'text/html;q=0.9, */*;q=0.1',
  );
  const callerNames = Object.keys(opts.callers);
  return fc
    .record({
      caller: fc.constantFrom(...callerNames),
      segments: segments(),
      query,
      body: fc.oneof(...bodyOptions),
      accept,
      // Writes race more often: one in three is sent twice at once, reads one in eight.
      twice: fc.nat({ max: route.method === 'GET' ? 7 : 2 }).map((n) => n === 0),
    })
    .map(({ caller, segments, query: q, body, accept: acc, twice }) => {
      let url = route.path;
      pathParams.forEach((p, i) => {
        url = url.replace(`{${p.name}}`, segments[i] as string);
      });
      const pairs = Object.entries(q).flatMap(([name, values]) =>
        (values as string[]).map((v) => `${name}=${v}`),
      );
      if (pairs.length) url += `?${pairs.join('&')}`;
      const token = opts.callers[caller];
      const headers: Record<string, string> = {};
      if (token) headers.authorization = token.includes(' ') ? token : `Bearer ${token}`;
      if (acc) headers.accept = acc;
      if (body.type) headers['content-type'] = body.type;
      const shown: Record<string, unknown> = {};
      if (body.shown !== undefined) shown.body = body.shown;
      return {
        method: route.method,
        url,
        caller: caller.replace(/#\d+$/, ''),
        headers,
        ...(body.text === undefined ? {} : { body: body.text }),
        shown,
        twice,
      };
    });
}
