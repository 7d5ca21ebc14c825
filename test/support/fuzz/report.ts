// Reports: previews of inputs, the server's error log per request, findings grouped by cause.
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { FUZZ_SEED } from './config.js';
import { Deep, RawNumber } from './hostile.js';

// ---- readable inputs -----------------------------------------------------------------

function depthOf(value: unknown, limit = 10_000): number {
  let depth = 0;
  let v = value;
  while (depth < limit && v && typeof v === 'object') {
    const inner: unknown[] = Array.isArray(v) ? v : Object.values(v);
    if (inner.length !== 1) break;
    v = inner[0];
    depth++;
  }
  return depth;
}

function previewString(s: string): string {
  const escaped = (t: string) =>
    JSON.stringify(t).replace(
      /[\ud800-\udfff]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
  if (s.length <= 120) return escaped(s);
  const head = s.slice(0, 24);
  const allSame = [...s.slice(0, 200)].every((c) => c === s[0]);
  return allSame
    ? `${escaped(s[0] ?? '')}×${s.length}${s.endsWith('\u0000') && s[0] !== '\u0000' ? '+"\\u0000"' : ''}`
    : `${escaped(head)}…(${s.length} chars)`;
}

/** A short, exact-enough rendering of a generated value (long strings and deep nesting summarised). */
export function preview(value: unknown, budget = 600): string {
  const out = previewInner(value, 0);
  return out.length > budget ? `${out.slice(0, budget)}…` : out;
}

function previewInner(value: unknown, level: number): string {
  if (value instanceof Deep) return `<${value.levels} levels of nested ${value.shape}s>`;
  if (value instanceof RawNumber) return value.literal;
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return previewString(value);
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (Buffer.isBuffer(value)) return `<Buffer ${value.toString('hex')}>`;
  if (value instanceof Uint8Array) return `<Uint8Array ${Buffer.from(value).toString('hex')}>`;
  if (value && typeof value === 'object') {
    const depth = depthOf(value);
    if (depth > 20)
      return `<${depth} levels of nested ${Array.isArray(value) ? 'array' : 'object'}s>`;
    if (level > 8) return '…';
    if (Array.isArray(value)) {
      if (value.length > 8 && value.every((v) => JSON.stringify(v) === JSON.stringify(value[0]))) {
        return `[${previewInner(value[0], level + 1)} ×${value.length}]`;
      }
      return `[${value.map((v) => previewInner(v, level + 1)).join(',')}]`;
    }
    return `{${Object.entries(value)
      .map(([k, v]) => `${previewString(k)}:${previewInner(v, level + 1)}`)
      .join(',')}}`;
  }
  return String(value);
}

/** A URL with long runs summarised: /api/v1/points/<a×2000>, <%ff×200>. */
export function previewUrl(url: string): string {
  return url
    .replace(
      /((?:%[0-9a-f]{2}){1})\1{9,}/gi,
      (m, unit: string) => `<${unit}×${m.length / unit.length}>`,
    )
    .replace(/([^<>×])\1{19,}/g, (m, c: string) => `<${c}×${m.length}>`);
}

// ---- the server's error log, per request ---------------------------------------------

/**
 * Collects the server's error log lines (level ≥ 50) instead of printing them,
 * so a failure can show the cause behind an `INTERNAL`. The app must run with
 * LOG_LEVEL ≤ error; its pino stream is shared by every child logger.
 */
export class ServerErrors {
  private lines: string[] = [];
  readonly attached: boolean;

  constructor(app: FastifyInstance) {
    const stream = (app.log as any)[pino.symbols.streamSym] as { write?: unknown } | undefined;
    const echo = process.env.TEST_LOG_LEVEL !== undefined;
    if (stream && typeof stream.write === 'function') {
      const original = (stream.write as (chunk: string) => boolean).bind(stream);
      stream.write = (chunk: string) => {
        if (/"level":(50|60)/.test(chunk)) this.lines.push(chunk);
        return echo ? original(chunk) : true;
      };
      this.attached = true;
    } else {
      this.attached = false;
    }
  }

  /** The error lines since the last call, each cut to its message and error. */
  take(): string[] {
    const taken = this.lines.map((line) => {
      try {
        const entry = JSON.parse(line);
        const err = entry.err ?? {};
        return [entry.msg, err.type, err.code, err.message].filter(Boolean).join(' | ');
      } catch {
        return line.slice(0, 300);
      }
    });
    this.lines = [];
    return taken;
  }
}

// ---- results ----------------------------------------------------------------------

export interface Finding {
  /** route or event */
  target: string;
  input: string;
  answer: string;
  serverLog: string[];
  seed: number;
  /** The run of that seed (fast-check's counterexample path when shrunk). */
  path?: string;
}

export function formatFindings(findings: Finding[]): string {
  return findings
    .map(
      (f, i) =>
        `${i + 1}. ${f.target}\n   input:  ${f.input}\n   answer: ${f.answer}${
          f.serverLog.length ? `\n   server: ${f.serverLog.join('\n           ')}` : ''
        }\n   replay: FUZZ_SEED=${FUZZ_SEED} (seed ${f.seed} of ${f.target}${f.path ? `, run ${f.path}` : ''})`,
    )
    .join('\n');
}

/** Explore mode: failures grouped by cause, with every route or event that showed it. */
export class FindingGroups {
  private groups = new Map<string, { count: number; targets: Set<string>; smallest: Finding }>();
  add(f: Finding): void {
    const signature = causeSignature(f.answer, f.serverLog);
    const g = this.groups.get(signature);
    if (!g) this.groups.set(signature, { count: 1, targets: new Set([f.target]), smallest: f });
    else {
      g.count++;
      g.targets.add(f.target);
      if (f.input.length < g.smallest.input.length) g.smallest = f;
    }
  }
  get size(): number {
    return this.groups.size;
  }
  report(): string {
    return [...this.groups.entries()]
      .map(
        ([sig, g], i) =>
          `${i + 1}. ${sig}\n   seen ${g.count}× on ${g.targets.size}: ${[...g.targets].join(', ')}\n   smallest: ${formatFindings([g.smallest]).replace(/^1\. /, '')}`,
      )
      .join('\n');
  }
}

/** A stable cause for grouping: the kind of answer, its code, and what the server logged. */
export function causeSignature(answer: string, serverLog: string[]): string {
  const blur = (s: string) =>
    s
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<id>')
      .replace(/\d+/g, 'N')
      .slice(0, 140);
  const code = /"code":"([^"]+)"/.exec(answer)?.[1];
  const status = /^\d{3} /.exec(answer)?.[0] ?? '';
  const head = (answer.split(/[{:]/)[0] ?? answer).slice(status.length).replace(/;.*$/, '');
  return `${status}${blur(head)}${code ? ` code=${code}` : ''}${serverLog.length ? ` | ${blur(serverLog[0] ?? '')}` : ''}`;
}
