import { Readable } from 'node:stream';
import { and, asc, count, eq, isNull, sql } from 'drizzle-orm';
import yazl from 'yazl';
import type { PointReport, ReportList } from '../../contract/index.js';
import type { Db } from '../../db/client.js';
import type { Executor } from '../../db/executor.js';
import {
  pointReports,
  points,
  reportSettings,
  sessionPoints,
  storedFiles,
} from '../../db/schema.js';
import { ErrorCode, HttpProblem } from '../../http/problem.js';
import type { Logger } from '../../logger.js';
import { type Actor, recordAudit } from '../audit/record.js';
import { loadFile, storeFile } from './files.js';

export async function deadlineOf(db: Executor, sessionId: string): Promise<Date | null> {
  const [row] = await db
    .select({ deadline: reportSettings.deadline })
    .from(reportSettings)
    .where(eq(reportSettings.sessionId, sessionId));
  return row?.deadline ?? null;
}

export async function setDeadline(db: Db, actor: Actor, sessionId: string, deadline: Date | null) {
  await db.transaction(async (tx) => {
    const before = await deadlineOf(tx, sessionId);
    await tx
      .insert(reportSettings)
      .values({ sessionId, deadline })
      .onConflictDoUpdate({
        target: reportSettings.sessionId,
        set: { deadline, updatedAt: new Date() },
      });
    await recordAudit(tx, actor, {
      action: 'report.deadline',
      entityType: 'session',
      entityId: sessionId,
      sessionId,
      before: { reportDeadline: before },
      after: { reportDeadline: deadline },
    });
  });
}

/**
 * A point's report: a file and/or text. It replaces the point's earlier one,
 * which stays as history; on time if submitted by the deadline (none: on time).
 */
export async function submitReport(
  db: Db,
  actor: Actor,
  sessionId: string,
  pointId: string,
  input: { text: string | null; file: { name: string; bytes: Buffer } | null },
) {
  if (!input.file && !input.text)
    throw new HttpProblem(400, ErrorCode.REPORT_EMPTY, 'Attach a file or write the report text.');
  return db.transaction(async (tx) => {
    const stored = input.file ? await storeFile(tx, input.file.name, input.file.bytes) : null;
    const [settings] = await tx
      .select({ deadline: reportSettings.deadline })
      .from(reportSettings)
      .where(eq(reportSettings.sessionId, sessionId));
    const now = new Date();
    const onTime = !settings?.deadline || now <= settings.deadline;
    await tx
      .update(pointReports)
      .set({ supersededAt: now })
      .where(
        and(
          eq(pointReports.sessionId, sessionId),
          eq(pointReports.pointId, pointId),
          isNull(pointReports.supersededAt),
        ),
      );
    const [row] = await tx
      .insert(pointReports)
      .values({
        sessionId,
        pointId,
        fileId: stored?.id ?? null,
        fileName: input.file?.name ?? null,
        text: input.text,
        submittedAt: now,
        onTime,
      })
      .returning();
    if (!row) throw new Error('report not written');
    await recordAudit(tx, actor, {
      action: 'report.submit',
      entityType: 'report',
      entityId: row.id,
      sessionId,
      after: {
        fileName: row.fileName,
        size: stored?.size ?? null,
        textLength: row.text?.length ?? 0,
        onTime,
      },
    });
    return row;
  });
}

/** Every invited point (or only `pointId`) with its current report, if any. */
export async function listReports(
  db: Db,
  sessionId: string,
  pointId?: string,
): Promise<ReportList> {
  const earlier = db
    .select({ n: count() })
    .from(pointReports)
    .where(
      and(
        eq(pointReports.sessionId, sessionPoints.sessionId),
        eq(pointReports.pointId, sessionPoints.pointId),
        sql`${pointReports.supersededAt} is not null`,
      ),
    );
  const rows = await db
    .select({
      code: points.code,
      name: points.name,
      submittedAt: pointReports.submittedAt,
      onTime: pointReports.onTime,
      fileName: pointReports.fileName,
      size: storedFiles.size,
      text: pointReports.text,
      earlier: sql<number>`(${earlier})`.mapWith(Number),
    })
    .from(sessionPoints)
    .innerJoin(points, eq(points.id, sessionPoints.pointId))
    .leftJoin(
      pointReports,
      and(
        eq(pointReports.sessionId, sessionPoints.sessionId),
        eq(pointReports.pointId, sessionPoints.pointId),
        isNull(pointReports.supersededAt),
      ),
    )
    .leftJoin(storedFiles, eq(storedFiles.id, pointReports.fileId))
    .where(
      and(
        eq(sessionPoints.sessionId, sessionId),
        pointId ? eq(sessionPoints.pointId, pointId) : undefined,
      ),
    )
    .orderBy(asc(points.code));
  const reports: PointReport[] = rows.map((r) => ({
    code: r.code,
    name: r.name,
    reported: r.submittedAt !== null,
    submittedAt: r.submittedAt?.toISOString() ?? null,
    onTime: r.submittedAt ? r.onTime : null,
    fileName: r.fileName,
    size: r.size,
    text: r.text,
    earlier: Number(r.earlier),
  }));
  const reported = reports.filter((r) => r.reported);
  const deadline = await deadlineOf(db, sessionId);
  return {
    deadline: deadline?.toISOString() ?? null,
    summary: {
      invited: reports.length,
      reported: reported.length,
      onTime: reported.filter((r) => r.onTime).length,
      late: reported.filter((r) => !r.onTime).length,
      missing: reports.length - reported.length,
    },
    reports,
  };
}

/** Characters that would make a folder or break a name inside the zip. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
const entryName = (s: string) => s.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '-').trim() || '-';

/**
 * Every current report as one zip, streamed: a folder per point
 * `<code> - <name>/` with its file and its text as `Báo cáo.txt`. Each
 * file is read from the database only when the zip reaches it, so memory
 * stays at one file whatever the number of reports. Files are stored, not
 * compressed: PDFs, Office files and images are compressed already.
 */
export async function reportsZip(db: Db, sessionId: string, log: Logger): Promise<Readable> {
  const rows = await db
    .select({
      code: points.code,
      name: points.name,
      fileId: pointReports.fileId,
      fileName: pointReports.fileName,
      text: pointReports.text,
      submittedAt: pointReports.submittedAt,
    })
    .from(pointReports)
    .innerJoin(points, eq(points.id, pointReports.pointId))
    .where(and(eq(pointReports.sessionId, sessionId), isNull(pointReports.supersededAt)))
    .orderBy(asc(points.code));
  const zip = new yazl.ZipFile();
  for (const r of rows) {
    const folder = `${entryName(r.code)} - ${entryName(r.name)}`;
    const options = { mtime: r.submittedAt, compress: false };
    if (r.fileId && r.fileName) {
      const fileId = r.fileId;
      zip.addReadStreamLazy(`${folder}/${entryName(r.fileName)}`, options, (done) => {
        loadFile(db, fileId).then(
          (file) => done(null, Readable.from([file.bytes])),
          (error: Error) => {
            log.error({ err: error, sessionId, fileId }, 'report file unreadable for the zip');
            done(error, null as unknown as Readable);
          },
        );
      });
    }
    if (r.text) {
      zip.addBuffer(Buffer.from(r.text, 'utf8'), `${folder}/Báo cáo.txt`, {
        mtime: r.submittedAt,
        compress: true,
      });
    }
  }
  zip.end();
  return zip.outputStream as Readable;
}
