import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Material, MaterialReceipts } from '../../contract/index.js';
import type { Db } from '../../db/client.js';
import {
  materialReceipts,
  materials,
  materialVersions,
  points,
  sessionPoints,
  storedFiles,
} from '../../db/schema.js';
import { ErrorCode, HttpProblem } from '../../http/problem.js';
import { type Actor, recordAudit } from '../audit/record.js';
import { storeFile } from './files.js';

const notFound = () => new HttpProblem(404, ErrorCode.NOT_FOUND, 'No such material.');

type MaterialRow = typeof materials.$inferSelect;

/** A new material with its first version; or, given `materialId`, its next version. */
export async function upload(
  db: Db,
  actor: Actor,
  sessionId: string,
  input: { title?: string; materialId?: string; file: { name: string; bytes: Buffer } },
): Promise<{ id: string; version: number }> {
  return db.transaction(async (tx) => {
    const stored = await storeFile(tx, input.file.name, input.file.bytes);
    let material: MaterialRow | undefined;
    if (input.materialId) {
      // The row lock orders concurrent new versions: each gets its own number.
      [material] = await tx
        .select()
        .from(materials)
        .where(and(eq(materials.id, input.materialId), eq(materials.sessionId, sessionId)))
        .for('update');
      if (!material || material.withdrawnAt) throw notFound();
      [material] = await tx
        .update(materials)
        .set({ currentVersion: material.currentVersion + 1 })
        .where(eq(materials.id, material.id))
        .returning();
    } else {
      [material] = await tx
        .insert(materials)
        .values({ sessionId, title: input.title ?? input.file.name })
        .returning();
    }
    if (!material) throw new Error('material not written');
    await tx.insert(materialVersions).values({
      materialId: material.id,
      version: material.currentVersion,
      fileId: stored.id,
      fileName: input.file.name,
      uploadedBy: actor.name,
    });
    await recordAudit(tx, actor, {
      action: input.materialId ? 'material.version' : 'material.upload',
      entityType: 'material',
      entityId: material.id,
      sessionId,
      after: {
        title: material.title,
        version: material.currentVersion,
        fileName: input.file.name,
        size: stored.size,
        sha256: stored.sha256,
      },
    });
    return { id: material.id, version: material.currentVersion };
  });
}

export async function withdraw(db: Db, actor: Actor, sessionId: string, materialId: string) {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(materials)
      .set({ withdrawnAt: new Date() })
      .where(
        and(
          eq(materials.id, materialId),
          eq(materials.sessionId, sessionId),
          isNull(materials.withdrawnAt),
        ),
      )
      .returning();
    if (!row) throw notFound();
    await recordAudit(tx, actor, {
      action: 'material.withdraw',
      entityType: 'material',
      entityId: row.id,
      sessionId,
      before: { title: row.title, withdrawn: false },
      after: { title: row.title, withdrawn: true },
    });
  });
}

const versionColumns = {
  id: materialVersions.id,
  materialId: materialVersions.materialId,
  version: materialVersions.version,
  fileName: materialVersions.fileName,
  uploadedBy: materialVersions.uploadedBy,
  uploadedAt: materialVersions.uploadedAt,
  fileId: materialVersions.fileId,
  size: storedFiles.size,
  contentType: storedFiles.contentType,
  sha256: storedFiles.sha256,
};

/**
 * The session's materials. People: all, with every version; a point: the
 * live ones, only the current version, and when it received that version.
 */
export async function listMaterials(
  db: Db,
  sessionId: string,
  viewer: { pointId: string } | null,
): Promise<Material[]> {
  const rows = await db
    .select()
    .from(materials)
    .where(
      and(eq(materials.sessionId, sessionId), viewer ? isNull(materials.withdrawnAt) : undefined),
    )
    .orderBy(asc(materials.createdAt), asc(materials.id));
  if (rows.length === 0) return [];
  const versions = await db
    .select(versionColumns)
    .from(materialVersions)
    .innerJoin(storedFiles, eq(storedFiles.id, materialVersions.fileId))
    .where(
      inArray(
        materialVersions.materialId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(desc(materialVersions.version));
  const received = viewer
    ? new Map(
        (
          await db
            .select({ versionId: materialReceipts.versionId, at: materialReceipts.receivedAt })
            .from(materialReceipts)
            .where(
              and(
                eq(materialReceipts.pointId, viewer.pointId),
                inArray(
                  materialReceipts.versionId,
                  versions.map((v) => v.id),
                ),
              ),
            )
        ).map((r) => [r.versionId, r.at]),
      )
    : undefined;
  return rows.map((m) => {
    const mine = versions.filter(
      (v) => v.materialId === m.id && (!viewer || v.version === m.currentVersion),
    );
    const current = mine.find((v) => v.version === m.currentVersion);
    return {
      id: m.id,
      sessionId: m.sessionId,
      title: m.title,
      currentVersion: m.currentVersion,
      withdrawnAt: m.withdrawnAt?.toISOString() ?? null,
      createdAt: m.createdAt.toISOString(),
      versions: mine.map((v) => ({
        version: v.version,
        fileName: v.fileName,
        size: v.size,
        contentType: v.contentType,
        sha256: v.sha256,
        uploadedAt: v.uploadedAt.toISOString(),
        uploadedBy: v.uploadedBy,
      })),
      ...(received
        ? { receivedAt: (current && received.get(current.id)?.toISOString()) ?? null }
        : {}),
    };
  });
}

/**
 * The version to download: the current one, or (people only) `version`.
 * Points never reach withdrawn materials or earlier versions.
 */
export async function findVersion(
  db: Db,
  sessionId: string,
  materialId: string,
  version: number | undefined,
  forPoint: boolean,
) {
  const [material] = await db
    .select()
    .from(materials)
    .where(and(eq(materials.id, materialId), eq(materials.sessionId, sessionId)));
  if (!material || (forPoint && material.withdrawnAt)) throw notFound();
  const wanted = version ?? material.currentVersion;
  if (forPoint && wanted !== material.currentVersion) throw notFound();
  const [row] = await db
    .select(versionColumns)
    .from(materialVersions)
    .innerJoin(storedFiles, eq(storedFiles.id, materialVersions.fileId))
    .where(and(eq(materialVersions.materialId, materialId), eq(materialVersions.version, wanted)));
  if (!row) throw new HttpProblem(404, ErrorCode.NOT_FOUND, 'No such version.');
  return row;
}

/** Records a point's first download of a version; true if this was the first. */
export async function recordReceipt(db: Db, versionId: string, pointId: string) {
  const inserted = await db
    .insert(materialReceipts)
    .values({ versionId, pointId })
    .onConflictDoNothing()
    .returning({ at: materialReceipts.receivedAt });
  return inserted.length > 0;
}

/** Per invited point: which versions it received and when, and how many current ones. */
export async function receipts(db: Db, sessionId: string): Promise<MaterialReceipts> {
  const list = await db
    .select({ id: materials.id, title: materials.title, currentVersion: materials.currentVersion })
    .from(materials)
    .where(and(eq(materials.sessionId, sessionId), isNull(materials.withdrawnAt)))
    .orderBy(asc(materials.createdAt), asc(materials.id));
  const invited = await db
    .select({ id: points.id, code: points.code, name: points.name })
    .from(sessionPoints)
    .innerJoin(points, eq(points.id, sessionPoints.pointId))
    .where(eq(sessionPoints.sessionId, sessionId))
    .orderBy(asc(points.code));
  const taken = await db
    .select({
      pointId: materialReceipts.pointId,
      materialId: materialVersions.materialId,
      title: materials.title,
      version: materialVersions.version,
      current: sql<boolean>`${materialVersions.version} = ${materials.currentVersion} and ${materials.withdrawnAt} is null`,
      receivedAt: materialReceipts.receivedAt,
    })
    .from(materialReceipts)
    .innerJoin(materialVersions, eq(materialVersions.id, materialReceipts.versionId))
    .innerJoin(materials, eq(materials.id, materialVersions.materialId))
    .where(eq(materials.sessionId, sessionId))
    .orderBy(asc(materialReceipts.receivedAt));
  return {
    materials: list,
    points: invited.map((p) => {
      const mine = taken.filter((r) => r.pointId === p.id);
      return {
        code: p.code,
        name: p.name,
        received: mine.filter((r) => r.current).length,
        of: list.length,
        receipts: mine.map((r) => ({
          materialId: r.materialId,
          title: r.title,
          version: r.version,
          receivedAt: r.receivedAt.toISOString(),
        })),
      };
    }),
  };
}
