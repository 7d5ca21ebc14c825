import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import {
  conclusionVersions,
  materialReceipts,
  materials,
  materialVersions,
  pointReports,
  points,
  reportSettings,
  sessionPoints,
} from '../../db/schema.js';
import { statusView } from '../recording/service.js';
import { loadState, partsOf, speechesOf } from '../recording/store.js';
import { buildIndex } from '../recording/timeline.js';

/** The parts of the record other modules keep: materials and receipts, reports, conclusions. */
export interface RecordExtra {
  materials: Array<{
    title: string;
    version: number;
    fileName: string;
    withdrawn: boolean;
    /** Points that received the current version, of those invited. */
    received: number;
    of: number;
  }>;
  reports: {
    deadline: string | null;
    submitted: Array<{ code: string; name: string; at: string; onTime: boolean }>;
    missing: string[];
  };
  conclusions: { version: number; text: string; approvedBy: string; approvedAt: string } | null;
  /** The recording: its length, parts and gaps, and where each speech begins in it. */
  recording: {
    totalSeconds: number;
    parts: number;
    gapSeconds: number;
    speechOffsets: Record<string, number>;
  } | null;
}

export async function gatherExtra(db: Db, sessionId: string): Promise<RecordExtra> {
  const [invited] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(sessionPoints)
    .where(eq(sessionPoints.sessionId, sessionId));
  const of = invited?.n ?? 0;
  const materialRows = await db
    .select({
      title: materials.title,
      version: materials.currentVersion,
      withdrawnAt: materials.withdrawnAt,
      fileName: materialVersions.fileName,
      received: sql<number>`(select count(*)::int from ${materialReceipts} r where r.version_id = ${materialVersions.id})`,
    })
    .from(materials)
    .innerJoin(
      materialVersions,
      and(
        eq(materialVersions.materialId, materials.id),
        eq(materialVersions.version, materials.currentVersion),
      ),
    )
    .where(eq(materials.sessionId, sessionId))
    .orderBy(asc(materials.createdAt));
  const [settings] = await db
    .select({ deadline: reportSettings.deadline })
    .from(reportSettings)
    .where(eq(reportSettings.sessionId, sessionId));
  const reported = await db
    .select({
      code: points.code,
      name: points.name,
      at: pointReports.submittedAt,
      onTime: pointReports.onTime,
    })
    .from(pointReports)
    .innerJoin(points, eq(points.id, pointReports.pointId))
    .where(and(eq(pointReports.sessionId, sessionId), isNull(pointReports.supersededAt)))
    .orderBy(asc(points.code));
  const reportedCodes = new Set(reported.map((r) => r.code));
  const invitedPoints = await db
    .select({ code: points.code, name: points.name, kind: points.kind })
    .from(sessionPoints)
    .innerJoin(points, eq(points.id, sessionPoints.pointId))
    .where(eq(sessionPoints.sessionId, sessionId))
    .orderBy(asc(points.code));
  const [conclusion] = await db
    .select()
    .from(conclusionVersions)
    .where(eq(conclusionVersions.sessionId, sessionId))
    .orderBy(desc(conclusionVersions.version))
    .limit(1);
  const [state, { parts, segments }, speeches] = await Promise.all([
    loadState(db, sessionId),
    partsOf(db, sessionId),
    speechesOf(db, sessionId),
  ]);
  const index =
    segments.length > 0
      ? buildIndex({ status: statusView(state), parts, segments, speeches, segmentUrl: () => '' })
      : null;
  return {
    materials: materialRows.map((m) => ({
      title: m.title,
      version: m.version,
      fileName: m.fileName,
      withdrawn: m.withdrawnAt !== null,
      received: m.received,
      of,
    })),
    reports: {
      deadline: settings?.deadline?.toISOString() ?? null,
      submitted: reported.map((r) => ({
        code: r.code,
        name: r.name,
        at: r.at.toISOString(),
        onTime: r.onTime,
      })),
      missing: invitedPoints
        .filter((p) => p.kind !== 'central-hall' && !reportedCodes.has(p.code))
        .map((p) => p.name),
    },
    conclusions: conclusion
      ? {
          version: conclusion.version,
          text: conclusion.text,
          approvedBy: conclusion.approvedByName,
          approvedAt: conclusion.approvedAt.toISOString(),
        }
      : null,
    recording: index
      ? {
          totalSeconds: Math.round(index.totalSeconds),
          parts: index.parts.filter((p) => p.durationSeconds > 0).length,
          gapSeconds: Math.round(index.gaps.reduce((t, g) => t + g.seconds, 0)),
          speechOffsets: Object.fromEntries(
            index.speeches
              .filter((sp) => sp.start !== null)
              .map((sp) => [sp.entryId, Math.round(sp.start?.offsetSeconds ?? 0)]),
          ),
        }
      : null,
  };
}
