import {
  and,
  asc,
  count,
  eq,
  getTableColumns,
  ilike,
  inArray,
  or,
  type SQL,
  sql,
} from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Delegate, PointKind } from '../../contract/index.js';
import type { Db } from '../../db/client.js';
import type { Executor } from '../../db/executor.js';
import { points } from '../../db/schema.js';
import { ErrorCode, HttpProblem } from '../../http/problem.js';
import { type Actor, recordAudit } from '../audit/record.js';
import { parentProblem } from './rules.js';

export type PointRow = typeof points.$inferSelect;
export type PointWithParent = PointRow & { parentCode: string | null };

/** Serialises registry writes (single edits and imports) across server processes. */
const REGISTRY_LOCK = 4_711_202_612;
export async function lockRegistry(tx: Executor): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${REGISTRY_LOCK})`);
}

export function pointView(p: PointWithParent) {
  return {
    id: p.id,
    code: p.code,
    name: p.name,
    kind: p.kind,
    parentCode: p.parentCode,
    active: p.active,
    operatorName: p.operatorName,
    operatorPhone: p.operatorPhone,
    roster: p.roster,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

/** What the audit log keeps of a point. */
export const auditablePoint = (p: PointWithParent) => ({
  code: p.code,
  name: p.name,
  kind: p.kind,
  parentCode: p.parentCode,
  active: p.active,
  operatorName: p.operatorName,
  operatorPhone: p.operatorPhone,
  roster: p.roster,
});

const parent = alias(points, 'parent');
const withParent = { ...getTableColumns(points), parentCode: parent.code };

export interface PointFilter {
  kind?: PointKind | undefined;
  parent?: string | undefined;
  active?: boolean | undefined;
  q?: string | undefined;
  limit: number;
  offset: number;
}

export async function listPoints(db: Db, f: PointFilter) {
  const where: SQL[] = [];
  if (f.kind) where.push(eq(points.kind, f.kind));
  if (f.parent) where.push(eq(parent.code, f.parent));
  if (f.active !== undefined) where.push(eq(points.active, f.active));
  if (f.q) {
    const pattern = `%${f.q.replaceAll(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(or(ilike(points.name, pattern), ilike(points.code, pattern)) as SQL);
  }
  const filter = and(...where);
  const [rows, [total]] = await Promise.all([
    db
      .select(withParent)
      .from(points)
      .leftJoin(parent, eq(parent.id, points.parentId))
      .where(filter)
      .orderBy(asc(points.code))
      .limit(f.limit)
      .offset(f.offset),
    db
      .select({ n: count() })
      .from(points)
      .leftJoin(parent, eq(parent.id, points.parentId))
      .where(filter),
  ]);
  return { points: rows, total: total?.n ?? 0 };
}

export async function findPoint(db: Executor, code: string): Promise<PointWithParent | undefined> {
  const [row] = await db
    .select(withParent)
    .from(points)
    .leftJoin(parent, eq(parent.id, points.parentId))
    .where(eq(points.code, code));
  return row;
}

/** Points by code, with their parent's code; batched for large imports. */
export async function findPointsByCodes(
  db: Executor,
  codes: readonly string[],
): Promise<Map<string, PointWithParent>> {
  const found = new Map<string, PointWithParent>();
  for (let i = 0; i < codes.length; i += 1000) {
    const rows = await db
      .select(withParent)
      .from(points)
      .leftJoin(parent, eq(parent.id, points.parentId))
      .where(inArray(points.code, codes.slice(i, i + 1000)));
    for (const row of rows) found.set(row.code, row);
  }
  return found;
}

export async function requirePoint(db: Executor, code: string): Promise<PointWithParent> {
  const point = await findPoint(db, code);
  if (!point) throw new HttpProblem(404, ErrorCode.NOT_FOUND, `No connection point ${code}.`);
  return point;
}

/** The parent row for `parentCode`, checked against the child's kind. */
async function resolveParent(
  db: Executor,
  kind: PointKind,
  parentCode: string | null | undefined,
): Promise<PointRow | null> {
  const parentRow = parentCode ? await findPoint(db, parentCode) : undefined;
  if (parentCode && !parentRow) {
    throw new HttpProblem(422, ErrorCode.UNKNOWN_REFERENCE, `No parent point ${parentCode}.`);
  }
  if (parentRow && !parentRow.active) {
    throw new HttpProblem(422, ErrorCode.INVALID_PARENT, `The parent ${parentCode} is inactive.`);
  }
  const problem = parentProblem(kind, parentRow?.kind);
  if (problem) throw new HttpProblem(422, ErrorCode.INVALID_PARENT, `${problem}.`);
  return parentRow ?? null;
}

export async function createPoint(
  db: Db,
  actor: Actor,
  input: {
    code: string;
    name: string;
    kind: PointKind;
    parentCode?: string | undefined;
    operatorName?: string | undefined;
    operatorPhone?: string | undefined;
    roster?: Delegate[] | undefined;
  },
): Promise<PointWithParent> {
  return db.transaction(async (tx) => {
    await lockRegistry(tx);
    if (await findPoint(tx, input.code)) {
      throw new HttpProblem(409, ErrorCode.ALREADY_EXISTS, `The code ${input.code} is taken.`);
    }
    const parentRow = await resolveParent(tx, input.kind, input.parentCode);
    const [row] = await tx
      .insert(points)
      .values({
        code: input.code,
        name: input.name,
        kind: input.kind,
        parentId: parentRow?.id,
        operatorName: input.operatorName ?? null,
        operatorPhone: input.operatorPhone ?? null,
        roster: input.roster ?? [],
      })
      .returning();
    if (!row) throw new Error('insert returned nothing');
    const created = { ...row, parentCode: parentRow?.code ?? null };
    await recordAudit(tx, actor, {
      action: 'point.create',
      entityType: 'point',
      entityId: created.code,
      after: auditablePoint(created),
    });
    return created;
  });
}

export interface PointChanges {
  name?: string | undefined;
  kind?: PointKind | undefined;
  parentCode?: string | null | undefined;
  active?: boolean | undefined;
  operatorName?: string | null | undefined;
  operatorPhone?: string | null | undefined;
  roster?: Delegate[] | undefined;
}

export async function updatePoint(
  db: Db,
  actor: Actor,
  code: string,
  changes: PointChanges,
): Promise<PointWithParent> {
  return db.transaction(async (tx) => {
    await lockRegistry(tx);
    const before = await requirePoint(tx, code);
    const kind = changes.kind ?? before.kind;
    const parentCode = changes.parentCode === undefined ? before.parentCode : changes.parentCode;
    const parentRow =
      changes.kind !== undefined || changes.parentCode !== undefined
        ? await resolveParent(tx, kind, parentCode)
        : undefined;
    if (changes.kind !== undefined && changes.kind !== before.kind) {
      await ensureChildrenAccept(tx, before.id, kind);
    }
    const [row] = await tx
      .update(points)
      .set({
        ...(changes.name !== undefined ? { name: changes.name } : {}),
        kind,
        ...(parentRow !== undefined ? { parentId: parentRow?.id ?? null } : {}),
        ...(changes.active !== undefined ? { active: changes.active } : {}),
        ...(changes.operatorName !== undefined ? { operatorName: changes.operatorName } : {}),
        ...(changes.operatorPhone !== undefined ? { operatorPhone: changes.operatorPhone } : {}),
        ...(changes.roster !== undefined ? { roster: changes.roster } : {}),
        updatedAt: new Date(),
      })
      .where(eq(points.id, before.id))
      .returning();
    if (!row) throw new Error('point vanished during update');
    const after = {
      ...row,
      parentCode: parentRow === undefined ? before.parentCode : (parentRow?.code ?? null),
    };
    await recordAudit(tx, actor, {
      action: changes.active === false && before.active ? 'point.deactivate' : 'point.update',
      entityType: 'point',
      entityId: after.code,
      before: auditablePoint(before),
      after: auditablePoint(after),
    });
    return after;
  });
}

/** Changing a point's kind must leave its children under an allowed parent. */
async function ensureChildrenAccept(db: Executor, pointId: string, kind: PointKind): Promise<void> {
  const children = await db
    .select({ code: points.code, kind: points.kind })
    .from(points)
    .where(eq(points.parentId, pointId));
  const misfit = children.find((c) => parentProblem(c.kind, kind) !== null);
  if (misfit) {
    throw new HttpProblem(
      409,
      ErrorCode.INVALID_PARENT,
      `${misfit.code} (${misfit.kind}) could no longer sit under a ${kind}.`,
    );
  }
}

/** A point's code and name by id (every floor event carries them). */
export async function pointNames(db: Executor, pointId: string) {
  const [row] = await db
    .select({ code: points.code, name: points.name })
    .from(points)
    .where(eq(points.id, pointId));
  return row;
}
