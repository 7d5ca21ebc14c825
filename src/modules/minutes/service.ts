import { and, desc, eq, lte } from 'drizzle-orm';
import type {
  ConclusionVersion,
  SaveTextBody,
  SessionText,
  SessionTextDocument,
} from '../../contract/index.js';
import type { Db } from '../../db/client.js';
import type { Executor } from '../../db/executor.js';
import { conclusionVersions, sessionTextSaves, sessionTexts } from '../../db/schema.js';
import { ErrorCode, HttpProblem } from '../../http/problem.js';
import { actorOf, recordAudit } from '../audit/record.js';
import type { UserPrincipal } from '../auth/principal.js';

/** Saves kept per text: enough to show who saved lately; older ones go. */
export const HISTORY_KEPT = 200;
/** Saves a read returns. */
const HISTORY_SHOWN = 20;

const nameOf = (p: UserPrincipal) => p.displayName ?? p.username;

async function history(db: Executor, sessionId: string, document: SessionTextDocument) {
  const rows = await db
    .select()
    .from(sessionTextSaves)
    .where(and(eq(sessionTextSaves.sessionId, sessionId), eq(sessionTextSaves.document, document)))
    .orderBy(desc(sessionTextSaves.revision))
    .limit(HISTORY_SHOWN);
  return rows.map((r) => ({
    revision: r.revision,
    savedBy: r.savedByName,
    savedAt: r.savedAt.toISOString(),
    chars: r.chars,
  }));
}

/** A text as stored; a text nobody saved yet is empty at revision 0. */
export async function readText(
  db: Executor,
  sessionId: string,
  document: SessionTextDocument,
): Promise<SessionText> {
  const [row] = await db
    .select()
    .from(sessionTexts)
    .where(and(eq(sessionTexts.sessionId, sessionId), eq(sessionTexts.document, document)));
  return {
    sessionId,
    document,
    text: row?.text ?? '',
    revision: row?.revision ?? 0,
    savedBy: row?.savedByName ?? null,
    savedAt: row && row.revision > 0 ? row.savedAt.toISOString() : null,
    history: await history(db, sessionId, document),
  };
}

/** The row locked for this transaction, made first if nobody saved yet. */
async function lockText(tx: Executor, sessionId: string, document: SessionTextDocument) {
  await tx.insert(sessionTexts).values({ sessionId, document }).onConflictDoNothing();
  const [row] = await tx
    .select()
    .from(sessionTexts)
    .where(and(eq(sessionTexts.sessionId, sessionId), eq(sessionTexts.document, document)))
    .for('update');
  if (!row) throw new Error('session text vanished inside its transaction');
  return row;
}

async function conflict(tx: Executor, sessionId: string, document: SessionTextDocument) {
  const current = await readText(tx, sessionId, document);
  return new HttpProblem(
    409,
    ErrorCode.MINUTES_CONFLICT,
    `Someone else saved revision ${current.revision} meanwhile${current.savedBy ? ` (${current.savedBy})` : ''}: merge with \`current\` and save again from its revision.`,
    { current },
  );
}

/**
 * Stores the whole text if it was based on the current revision; otherwise
 * 409 with the current text. `changed` is false for a save that changed
 * nothing (no new revision, nobody to tell).
 */
export async function saveText(
  db: Db,
  sessionId: string,
  document: SessionTextDocument,
  principal: UserPrincipal,
  body: SaveTextBody,
): Promise<{ text: SessionText; changed: boolean }> {
  return db.transaction(async (tx) => {
    const row = await lockText(tx, sessionId, document);
    if (body.revision !== row.revision) throw await conflict(tx, sessionId, document);
    if (body.text === row.text && row.revision > 0)
      return { text: await readText(tx, sessionId, document), changed: false };
    const revision = row.revision + 1;
    const savedAt = new Date();
    const savedByName = nameOf(principal);
    await tx
      .update(sessionTexts)
      .set({ text: body.text, revision, savedById: principal.id, savedByName, savedAt })
      .where(and(eq(sessionTexts.sessionId, sessionId), eq(sessionTexts.document, document)));
    await tx.insert(sessionTextSaves).values({
      sessionId,
      document,
      revision,
      savedByName,
      savedAt,
      chars: body.text.length,
    });
    await tx
      .delete(sessionTextSaves)
      .where(
        and(
          eq(sessionTextSaves.sessionId, sessionId),
          eq(sessionTextSaves.document, document),
          lte(sessionTextSaves.revision, revision - HISTORY_KEPT),
        ),
      );
    return { text: await readText(tx, sessionId, document), changed: true };
  });
}

const versionView = (r: typeof conclusionVersions.$inferSelect): ConclusionVersion => ({
  sessionId: r.sessionId,
  version: r.version,
  text: r.text,
  approvedBy: r.approvedByName,
  approvedAt: r.approvedAt.toISOString(),
});

/** Every approved version, newest first. */
export async function versions(db: Executor, sessionId: string): Promise<ConclusionVersion[]> {
  const rows = await db
    .select()
    .from(conclusionVersions)
    .where(eq(conclusionVersions.sessionId, sessionId))
    .orderBy(desc(conclusionVersions.version));
  return rows.map(versionView);
}

export async function latestVersion(
  db: Executor,
  sessionId: string,
): Promise<ConclusionVersion | null> {
  const [row] = await db
    .select()
    .from(conclusionVersions)
    .where(eq(conclusionVersions.sessionId, sessionId))
    .orderBy(desc(conclusionVersions.version))
    .limit(1);
  return row ? versionView(row) : null;
}

/**
 * The chair approves the draft as it was at `revision`: it becomes version
 * n+1, a row never updated again (the database refuses). The draft stays as
 * the starting point of any correction.
 */
export async function approve(
  db: Db,
  sessionId: string,
  principal: UserPrincipal,
  revision: number,
): Promise<ConclusionVersion> {
  return db.transaction(async (tx) => {
    // Every approval locks the draft first: approvals of one session run one at a time.
    const draft = await lockText(tx, sessionId, 'conclusions');
    if (draft.revision !== revision) throw await conflict(tx, sessionId, 'conclusions');
    if (draft.text.trim() === '')
      throw new HttpProblem(400, ErrorCode.BAD_REQUEST, 'The draft of the conclusions is empty.');
    const latest = await latestVersion(tx, sessionId);
    if (latest && latest.text === draft.text)
      throw new HttpProblem(
        409,
        ErrorCode.CONCLUSIONS_UNCHANGED,
        `The draft is the same as the approved version ${latest.version}.`,
      );
    const [row] = await tx
      .insert(conclusionVersions)
      .values({
        sessionId,
        version: (latest?.version ?? 0) + 1,
        text: draft.text,
        approvedById: principal.id,
        approvedByName: nameOf(principal),
      })
      .returning();
    if (!row) throw new Error('insert returned no row');
    const version = versionView(row);
    const actor = actorOf(principal);
    const entityId = `${sessionId}:${version.version}`;
    const after = { version: version.version, revision, chars: version.text.length };
    await recordAudit(tx, actor, {
      action: 'conclusions.approve',
      entityType: 'conclusions',
      entityId,
      sessionId,
      after,
    });
    await recordAudit(tx, actor, {
      action: 'conclusions.publish',
      entityType: 'conclusions',
      entityId,
      sessionId,
      after: { version: version.version, to: 'session' },
    });
    return version;
  });
}
