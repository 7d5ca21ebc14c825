import { and, asc, desc, eq, inArray, isNotNull, isNull, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { PointKind } from '../../contract/index.js';
import type { Db } from '../../db/client.js';
import { pointCredentials, points } from '../../db/schema.js';
import { ErrorCode, HttpProblem } from '../../http/problem.js';
import { type Actor, recordAudit } from '../audit/record.js';
import { credentialTokenHash, newCredentialToken } from '../auth/credential-tokens.js';
import { newShortCode, normaliseShortCode, shortCodeHash } from '../auth/short-codes.js';
import { findPointsByCodes, listPoints, type PointWithParent, requirePoint } from './service.js';

export type CredentialRow = typeof pointCredentials.$inferSelect;
export interface Issued {
  point: PointWithParent;
  credential: CredentialRow;
  token: string;
  shortCode: string;
}

export function credentialView(c: CredentialRow) {
  return {
    id: c.id,
    label: c.label,
    createdAt: c.createdAt.toISOString(),
    lastUsedAt: c.lastUsedAt?.toISOString() ?? null,
    revokedAt: c.revokedAt?.toISOString() ?? null,
  };
}

/** Issues an operator credential for a point. The token is returned here once and never again. */
export async function issueCredential(
  db: Db,
  actor: Actor,
  code: string,
  label: string | undefined,
): Promise<{ credential: CredentialRow; token: string; shortCode: string }> {
  const token = newCredentialToken();
  const shortCode = newShortCode();
  return db.transaction(async (tx) => {
    const point = await requirePoint(tx, code);
    if (!point.active) {
      throw new HttpProblem(409, ErrorCode.CONFLICT, `${code} is inactive; activate it first.`);
    }
    const [credential] = await tx
      .insert(pointCredentials)
      .values({
        pointId: point.id,
        label: label ?? null,
        tokenHash: credentialTokenHash(token),
        shortCodeHash: shortCodeHash(normaliseShortCode(shortCode) as string),
        createdBy: actor.kind === 'user' ? actor.id : null,
      })
      .returning();
    if (!credential) throw new Error('insert returned nothing');
    await recordAudit(tx, actor, {
      action: 'credential.issue',
      entityType: 'credential',
      entityId: credential.id,
      after: { point: code, label: credential.label, tokenHash: credential.tokenHash },
    });
    return { credential, token, shortCode };
  });
}

/**
 * Credentials for many points in one transaction (a region, all provinces,
 * every commune of a province): the listed codes, or the active points of a
 * kind and/or under a parent. All or nothing: an unknown or inactive listed
 * point refuses the whole request.
 */
export async function issueCredentials(
  db: Db,
  actor: Actor,
  select: { pointCodes?: string[]; kind?: PointKind; parent?: string },
  label: string | undefined,
  replace = false,
): Promise<{ issued: Issued[]; revokedIds: string[] }> {
  let chosen: PointWithParent[];
  if (select.pointCodes) {
    const found = await findPointsByCodes(db, select.pointCodes);
    const unknown = select.pointCodes.filter((c) => !found.has(c));
    if (unknown.length > 0) {
      throw new HttpProblem(
        422,
        ErrorCode.UNKNOWN_REFERENCE,
        `Unknown points: ${unknown.slice(0, 20).join(', ')}.`,
      );
    }
    chosen = select.pointCodes.map((c) => found.get(c) as PointWithParent);
    const inactive = chosen.filter((p) => !p.active).map((p) => p.code);
    if (inactive.length > 0) {
      throw new HttpProblem(
        409,
        ErrorCode.CONFLICT,
        `Inactive points: ${inactive.slice(0, 20).join(', ')}; activate them first.`,
      );
    }
  } else if (select.kind || select.parent) {
    const { points } = await listPoints(db, {
      kind: select.kind,
      parent: select.parent,
      active: true,
      limit: 20_000,
      offset: 0,
    });
    chosen = points;
  } else {
    throw new HttpProblem(
      400,
      ErrorCode.VALIDATION_FAILED,
      'Choose the points: pointCodes, or kind and/or parent.',
    );
  }
  if (chosen.length === 0) {
    throw new HttpProblem(422, ErrorCode.UNKNOWN_REFERENCE, 'No active point matches.');
  }
  const tokens = chosen.map(() => newCredentialToken());
  const shortCodes = chosen.map(() => newShortCode());
  return db.transaction(async (tx) => {
    const issued: Issued[] = [];
    const revoked: Array<{ id: string; point: string }> = [];
    for (let i = 0; i < chosen.length; i += 1000) {
      const batch = chosen.slice(i, i + 1000);
      if (replace) {
        const rows = await tx
          .update(pointCredentials)
          .set({ revokedAt: new Date() })
          .where(
            and(
              inArray(
                pointCredentials.pointId,
                batch.map((p) => p.id),
              ),
              isNull(pointCredentials.revokedAt),
            ),
          )
          .returning({ id: pointCredentials.id, pointId: pointCredentials.pointId });
        const codeOf = new Map(batch.map((p) => [p.id, p.code]));
        for (const r of rows) revoked.push({ id: r.id, point: codeOf.get(r.pointId) as string });
      }
      const rows = await tx
        .insert(pointCredentials)
        .values(
          batch.map((point, j) => ({
            pointId: point.id,
            label: label ?? null,
            tokenHash: credentialTokenHash(tokens[i + j] as string),
            shortCodeHash: shortCodeHash(normaliseShortCode(shortCodes[i + j] as string) as string),
            createdBy: actor.kind === 'user' ? actor.id : null,
          })),
        )
        .returning();
      rows.forEach((credential, j) => {
        issued.push({
          point: batch[j] as PointWithParent,
          credential,
          token: tokens[i + j] as string,
          shortCode: shortCodes[i + j] as string,
        });
      });
    }
    for (const { id, point } of revoked) {
      await recordAudit(tx, actor, {
        action: 'credential.revoke',
        entityType: 'credential',
        entityId: id,
        // The point only in `after`: unchanged fields are not kept, and the log must name it.
        before: { revokedAt: null },
        after: { point, revokedAt: 'replaced' },
      });
    }
    for (const { point, credential } of issued) {
      await recordAudit(tx, actor, {
        action: 'credential.issue',
        entityType: 'credential',
        entityId: credential.id,
        after: { point: point.code, label: credential.label, tokenHash: credential.tokenHash },
      });
    }
    return { issued, revokedIds: revoked.map((r) => r.id) };
  });
}

/** Every credential of the active points of a kind and/or under a parent, by point then newest first. */
export async function listAllCredentials(
  db: Db,
  filter: {
    kind?: PointKind | undefined;
    parent?: string | undefined;
    revoked?: boolean | undefined;
  },
) {
  const parent = alias(points, 'parent');
  const where: SQL[] = [];
  if (filter.kind) where.push(eq(points.kind, filter.kind));
  if (filter.parent) where.push(eq(parent.code, filter.parent));
  if (filter.revoked === false) where.push(isNull(pointCredentials.revokedAt));
  if (filter.revoked === true) where.push(isNotNull(pointCredentials.revokedAt));
  return db
    .select({
      credential: pointCredentials,
      code: points.code,
      name: points.name,
      kind: points.kind,
    })
    .from(pointCredentials)
    .innerJoin(points, eq(points.id, pointCredentials.pointId))
    .leftJoin(parent, eq(parent.id, points.parentId))
    .where(and(...where))
    .orderBy(asc(points.code), desc(pointCredentials.createdAt))
    .limit(50_000);
}

export async function listCredentials(db: Db, code: string): Promise<CredentialRow[]> {
  const point = await requirePoint(db, code);
  return db
    .select()
    .from(pointCredentials)
    .where(eq(pointCredentials.pointId, point.id))
    .orderBy(asc(pointCredentials.createdAt));
}

/** Revokes a credential: from now on the handshake and every request with it are refused. */
export async function revokeCredential(
  db: Db,
  actor: Actor,
  code: string,
  credentialId: string,
): Promise<CredentialRow> {
  return db.transaction(async (tx) => {
    const point = await requirePoint(tx, code);
    // Locked: two revocations at once wait for each other; the second finds it revoked.
    const [before] = await tx
      .select()
      .from(pointCredentials)
      .where(and(eq(pointCredentials.id, credentialId), eq(pointCredentials.pointId, point.id)))
      .for('update');
    if (!before)
      throw new HttpProblem(404, ErrorCode.NOT_FOUND, 'No such credential for this point.');
    if (before.revokedAt) return before; // revoking twice changes nothing
    const [after] = await tx
      .update(pointCredentials)
      .set({ revokedAt: new Date() })
      .where(and(eq(pointCredentials.id, credentialId), isNull(pointCredentials.revokedAt)))
      .returning();
    if (!after) throw new Error('credential vanished during revoke');
    await recordAudit(tx, actor, {
      action: 'credential.revoke',
      entityType: 'credential',
      entityId: credentialId,
      // The point only in `after`: unchanged fields are not kept, and the log must name it.
      before: { revokedAt: null },
      after: { point: code, revokedAt: after.revokedAt },
    });
    return after;
  });
}
