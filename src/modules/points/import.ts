import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { count, eq } from 'drizzle-orm';
import { POINT_CODE_PATTERN, POINT_KINDS, type PointKind } from '../../contract/index.js';
import type { Db } from '../../db/client.js';
import type { Tx } from '../../db/executor.js';
import { auditLog, points } from '../../db/schema.js';
import { ErrorCode, HttpProblem } from '../../http/problem.js';
import type { Logger } from '../../logger.js';
import { diff } from '../audit/diff.js';
import { type Actor, systemActor } from '../audit/record.js';
import { KIND_RANK, parentProblem } from './rules.js';
import { auditablePoint, findPointsByCodes, lockRegistry } from './service.js';

export interface ImportRow {
  /** Line in the CSV file (the header is line 1). */
  line: number;
  code: string;
  name: string;
  kind: PointKind;
  parentCode: string | null;
  /** Undefined when the file has no such column: the registry keeps what it has. */
  operatorName?: string | null;
  operatorPhone?: string | null;
}

/** What an import did (or, in a dry run, would do) to each row. */
export interface ImportOutcome {
  created: number;
  updated: number;
  unchanged: number;
  dryRun: boolean;
  rows: Array<{
    line: number;
    code: string;
    name: string;
    action: 'create' | 'update' | 'unchanged';
  }>;
}

export interface RowError {
  line: number;
  field: string;
  message: string;
}

export const MAX_IMPORT_ROWS = 50_000;
const codePattern = new RegExp(POINT_CODE_PATTERN);
const phonePattern = /^[0-9+() .-]{3,40}$/;

/**
 * Parses and checks a registry CSV (`code,name,kind,parent_code`, optionally
 * `operator_name,operator_phone`; UTF-8, optional BOM). Returns the rows, or
 * every problem found, one per field.
 */
export function parsePointsCsv(text: string): { rows: ImportRow[]; errors: RowError[] } {
  let records: Array<{ info: { lines: number }; record: Record<string, string> }>;
  try {
    records = parse(text, {
      bom: true,
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      skip_empty_lines: true,
      trim: true,
      info: true,
      relax_column_count: false,
    });
  } catch (error) {
    const e = error as { message: string; lines?: number };
    return { rows: [], errors: [{ line: e.lines ?? 1, field: 'csv', message: e.message }] };
  }
  const errors: RowError[] = [];
  if (records.length === 0) errors.push({ line: 1, field: 'csv', message: 'no rows' });
  if (records.length > MAX_IMPORT_ROWS) {
    errors.push({ line: 1, field: 'csv', message: `more than ${MAX_IMPORT_ROWS} rows` });
  }
  const header = records[0] ? Object.keys(records[0].record) : [];
  for (const column of ['code', 'name', 'kind']) {
    if (records.length > 0 && !header.includes(column)) {
      errors.push({ line: 1, field: column, message: 'missing column' });
    }
  }
  if (errors.length > 0) return { rows: [], errors };

  const rows: ImportRow[] = [];
  const firstLine = new Map<string, number>();
  for (const { info, record } of records) {
    const line = info.lines;
    const code = record.code ?? '';
    const name = record.name ?? '';
    const kind = (record.kind ?? '') as PointKind;
    const parentCode = record.parent_code ? record.parent_code : null;
    if (!codePattern.test(code))
      errors.push({ line, field: 'code', message: `invalid code "${code}"` });
    if (firstLine.has(code)) {
      errors.push({ line, field: 'code', message: `duplicate of line ${firstLine.get(code)}` });
    } else firstLine.set(code, line);
    if (name.length === 0 || name.length > 200) {
      errors.push({ line, field: 'name', message: 'name must be 1–200 characters' });
    }
    if (!POINT_KINDS.includes(kind)) {
      errors.push({
        line,
        field: 'kind',
        message: `kind must be one of ${POINT_KINDS.join(', ')}`,
      });
    }
    if (parentCode === code)
      errors.push({ line, field: 'parent_code', message: 'a point cannot be its own parent' });
    const row: ImportRow = { line, code, name, kind, parentCode };
    if ('operator_name' in record) {
      const operatorName = record.operator_name || null;
      if (operatorName && operatorName.length > 200)
        errors.push({ line, field: 'operator_name', message: 'at most 200 characters' });
      row.operatorName = operatorName;
    }
    if ('operator_phone' in record) {
      const operatorPhone = record.operator_phone || null;
      if (operatorPhone && !phonePattern.test(operatorPhone))
        errors.push({
          line,
          field: 'operator_phone',
          message: `invalid phone "${operatorPhone}": digits, spaces, + ( ) . -`,
        });
      row.operatorPhone = operatorPhone;
    }
    rows.push(row);
  }
  return { rows, errors };
}

/**
 * Creates or updates (by code) every row in one transaction. Parents may be
 * in the file or already in the registry. If any row is invalid nothing is
 * written and the 422 lists every problem with its line. A dry run does all
 * of it, answers what it would do, and rolls back.
 */
export async function importPoints(
  db: Db,
  actor: Actor,
  parsed: { rows: ImportRow[]; errors: RowError[] },
  dryRun = false,
): Promise<ImportOutcome> {
  try {
    return await db.transaction(async (tx) => {
      const outcome = await importRows(tx, actor, parsed, dryRun);
      if (dryRun) throw new DryRunDone(outcome);
      return outcome;
    });
  } catch (error) {
    if (error instanceof DryRunDone) return error.outcome;
    throw error;
  }
}

/** Thrown at the end of a dry run so the transaction rolls back. */
class DryRunDone extends Error {
  constructor(readonly outcome: ImportOutcome) {
    super('dry run');
  }
}

async function importRows(
  tx: Tx,
  actor: Actor,
  parsed: { rows: ImportRow[]; errors: RowError[] },
  dryRun: boolean,
): Promise<ImportOutcome> {
  const invalid = (errors: RowError[]) =>
    new HttpProblem(
      422,
      ErrorCode.CSV_INVALID,
      `${errors.length} problem(s); nothing was imported.`,
      {
        errors: errors.map((e) => ({ path: `line ${e.line}: ${e.field}`, message: e.message })),
      },
    );
  if (parsed.errors.length > 0) throw invalid(parsed.errors);
  const rows = [...parsed.rows].sort((a, b) => KIND_RANK[a.kind] - KIND_RANK[b.kind]);
  {
    await lockRegistry(tx);
    const inFile = new Map(rows.map((r) => [r.code, r]));
    const referenced = new Set(
      rows.flatMap((r) => (r.parentCode ? [r.code, r.parentCode] : [r.code])),
    );
    const existing = await findPointsByCodes(tx, [...referenced]);
    const errors: RowError[] = [];
    for (const r of rows) {
      if (!r.parentCode) {
        const problem = parentProblem(r.kind, undefined);
        if (problem) errors.push({ line: r.line, field: 'parent_code', message: problem });
        continue;
      }
      const parentKind = inFile.get(r.parentCode)?.kind ?? existing.get(r.parentCode)?.kind;
      if (!parentKind) {
        errors.push({
          line: r.line,
          field: 'parent_code',
          message: `unknown point ${r.parentCode}`,
        });
        continue;
      }
      const problem = parentProblem(r.kind, parentKind);
      if (problem) errors.push({ line: r.line, field: 'parent_code', message: problem });
    }
    if (errors.length > 0) throw invalid(errors.sort((a, b) => a.line - b.line));

    const ids = new Map([...existing.values()].map((p) => [p.code, p.id]));
    let created = 0;
    let updated = 0;
    let unchanged = 0;
    const outcomes: ImportOutcome['rows'] = [];
    const audit: Array<typeof auditLog.$inferInsert> = [];
    const now = new Date();
    for (const r of rows) {
      const parentId = r.parentCode ? ids.get(r.parentCode) : null;
      if (parentId === undefined)
        throw new Error(`parent ${r.parentCode} not written before child`);
      const before = existing.get(r.code);
      const contact = {
        ...(r.operatorName !== undefined ? { operatorName: r.operatorName } : {}),
        ...(r.operatorPhone !== undefined ? { operatorPhone: r.operatorPhone } : {}),
      };
      const after = {
        ...(before
          ? auditablePoint(before)
          : { operatorName: null, operatorPhone: null, roster: [] }),
        code: r.code,
        name: r.name,
        kind: r.kind,
        parentCode: r.parentCode,
        active: true,
        ...contact,
      };
      if (!before) {
        const [row] = await tx
          .insert(points)
          .values({ code: r.code, name: r.name, kind: r.kind, parentId, ...contact })
          .returning({ id: points.id });
        if (!row) throw new Error('insert returned nothing');
        ids.set(r.code, row.id);
        created++;
        outcomes.push({ line: r.line, code: r.code, name: r.name, action: 'create' });
        audit.push(auditRow(actor, 'point.import', r.code, null, after));
        continue;
      }
      const changes = diff(auditablePoint(before), after);
      if (Object.keys(changes).length === 0) {
        unchanged++;
        outcomes.push({ line: r.line, code: r.code, name: r.name, action: 'unchanged' });
        continue;
      }
      await tx
        .update(points)
        .set({ name: r.name, kind: r.kind, parentId, active: true, ...contact, updatedAt: now })
        .where(eq(points.id, before.id));
      updated++;
      outcomes.push({ line: r.line, code: r.code, name: r.name, action: 'update' });
      audit.push(auditRow(actor, 'point.import', r.code, auditablePoint(before), after));
    }
    if (!dryRun)
      for (let i = 0; i < audit.length; i += 1000)
        await tx.insert(auditLog).values(audit.slice(i, i + 1000));
    outcomes.sort((a, b) => a.line - b.line);
    return { created, updated, unchanged, dryRun, rows: outcomes };
  }
}

function auditRow(
  actor: Actor,
  action: string,
  code: string,
  before: Record<string, unknown> | null,
  after: Record<string, unknown>,
): typeof auditLog.$inferInsert {
  return {
    actorKind: actor.kind,
    actorId: actor.id,
    actorName: actor.name,
    action,
    entityType: 'point',
    entityId: code,
    changes: diff(before, after),
  };
}

/** SEED_POINTS on an empty registry: load the bundled list of that year. */
export async function seedPoints(db: Db, year: '2019' | '2025', log: Logger): Promise<void> {
  const [row] = await db.select({ n: count() }).from(points);
  if (row && row.n > 0) return;
  const file = new URL(`../../../seeds/points-${year}.csv`, import.meta.url);
  const parsed = parsePointsCsv(await readFile(file, 'utf8'));
  const result = await importPoints(db, systemActor, parsed);
  log.info({ year, ...result }, 'seeded the connection point registry');
}
