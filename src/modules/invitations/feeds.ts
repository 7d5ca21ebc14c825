import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { calendarFeeds, points, users } from '../../db/schema.js';
import type { Principal } from '../auth/principal.js';
import { findSessions, listSessions, type SessionRow, sessionDetail } from '../sessions/read.js';

/** Whose feed: a point (its operators) or a person. */
export type FeedOwner = { pointId: string } | { userId: string };

const column = (owner: FeedOwner) =>
  'pointId' in owner
    ? eq(calendarFeeds.pointId, owner.pointId)
    : eq(calendarFeeds.userId, owner.userId);

/** The owner's feed key, made on first use. */
export async function feedKey(db: Db, owner: FeedOwner): Promise<string> {
  const [existing] = await db.select().from(calendarFeeds).where(column(owner));
  if (existing) return existing.key;
  const key = randomBytes(24).toString('base64url');
  // Two first requests at once: the unique index keeps one; both answer it.
  await db
    .insert(calendarFeeds)
    .values({ key, ...owner })
    .onConflictDoNothing();
  const [row] = await db.select().from(calendarFeeds).where(column(owner));
  if (!row) throw new Error('calendar feed vanished');
  return row.key;
}

/** A new key: the old URL stops working (it was shared too widely). */
export async function rotateFeedKey(db: Db, owner: FeedOwner): Promise<string> {
  return db.transaction(async (tx) => {
    await tx.delete(calendarFeeds).where(column(owner));
    const key = randomBytes(24).toString('base64url');
    await tx.insert(calendarFeeds).values({ key, ...owner });
    return key;
  });
}

export const ownerOf = (principal: Principal): FeedOwner =>
  principal.kind === 'point' ? { pointId: principal.pointId } : { userId: principal.id };

/**
 * The feed's owner as a principal (what it may see), or null when the key is
 * unknown or its point or account is no longer active.
 */
export async function feedPrincipal(db: Db, key: string): Promise<Principal | null> {
  const [feed] = await db.select().from(calendarFeeds).where(eq(calendarFeeds.key, key));
  if (!feed) return null;
  if (feed.pointId) {
    const [p] = await db.select().from(points).where(eq(points.id, feed.pointId));
    if (!p?.active) return null;
    return {
      kind: 'point',
      credentialId: `feed:${key.slice(0, 6)}`,
      pointId: p.id,
      pointCode: p.code,
      pointName: p.name,
      pointKind: p.kind,
    };
  }
  const [u] = feed.userId ? await db.select().from(users).where(eq(users.id, feed.userId)) : [];
  if (!u || u.disabledAt) return null;
  return {
    kind: 'user',
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
  };
}

const FEED_PAST_DAYS = 90;
const FEED_FUTURE_DAYS = 400;

/**
 * The sessions a feed shows, with their details: a point's invitations; a
 * chair's or moderator's own sessions; everything for the secretariat and
 * observers. Drafts only for the secretariat.
 */
export async function feedSessions(db: Db, principal: Principal) {
  const now = Date.now();
  const summaries = await listSessions(db, principal, {
    from: new Date(now - FEED_PAST_DAYS * 86_400_000).toISOString(),
    to: new Date(now + FEED_FUTURE_DAYS * 86_400_000).toISOString(),
    limit: 500,
  });
  const rows = await findSessions(
    db,
    summaries.map((s) => s.id),
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  const details = [];
  for (const summary of summaries) {
    const row = byId.get(summary.id) as SessionRow;
    if (row.status === 'draft' && !(principal.kind === 'user' && principal.role === 'secretariat'))
      continue;
    const detail = await sessionDetail(db, row);
    if (
      principal.kind === 'user' &&
      (principal.role === 'chair' || principal.role === 'moderator')
    ) {
      const involved =
        detail.chair?.username === principal.username ||
        detail.moderators.some((m) => m.username === principal.username);
      if (!involved) continue;
    }
    details.push(detail);
  }
  return details;
}
