import { and, asc, eq, isNull } from 'drizzle-orm';
import type { UserRole } from '../../contract/index.js';
import type { Db } from '../../db/client.js';
import type { Executor } from '../../db/executor.js';
import { users } from '../../db/schema.js';
import { ErrorCode, HttpProblem } from '../../http/problem.js';
import { type Actor, recordAudit } from '../audit/record.js';
import { hashPassword } from '../auth/passwords.js';

export type UserRow = typeof users.$inferSelect;

export interface UserView {
  id: string;
  username: string;
  displayName: string | null;
  role: UserRole;
  disabled: boolean;
  createdAt: string;
}

export function userView(u: UserRow): UserView {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    disabled: u.disabledAt !== null,
    createdAt: u.createdAt.toISOString(),
  };
}

/** What the audit log keeps of a user (never the hash itself). */
const auditable = (u: UserRow) => ({
  username: u.username,
  displayName: u.displayName,
  role: u.role,
  disabledAt: u.disabledAt,
  passwordHash: u.passwordHash,
});

export async function findUser(db: Executor, username: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.username, username));
  return row;
}

async function requireUser(db: Executor, username: string): Promise<UserRow> {
  const user = await findUser(db, username);
  if (!user) throw new HttpProblem(404, ErrorCode.NOT_FOUND, `No user named ${username}.`);
  return user;
}

export async function listUsers(db: Db, role?: UserRole): Promise<UserRow[]> {
  return db
    .select()
    .from(users)
    .where(role ? eq(users.role, role) : undefined)
    .orderBy(asc(users.username));
}

export async function createUser(
  db: Db,
  actor: Actor,
  input: { username: string; password: string; role: UserRole; displayName?: string | undefined },
  scryptLogN: number,
): Promise<UserRow> {
  const passwordHash = await hashPassword(input.password, scryptLogN);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(users)
      .values({
        username: input.username,
        displayName: input.displayName ?? null,
        role: input.role,
        passwordHash,
        // From the server's clock, like the token issue times it is compared with.
        tokensValidAfter: new Date(),
      })
      .onConflictDoNothing({ target: users.username })
      .returning();
    if (!row) {
      throw new HttpProblem(
        409,
        ErrorCode.ALREADY_EXISTS,
        `The username ${input.username} is taken.`,
      );
    }
    await recordAudit(tx, actor, {
      action: 'user.create',
      entityType: 'user',
      entityId: row.id,
      after: auditable(row),
    });
    return row;
  });
}

export interface UserChanges {
  displayName?: string | null | undefined;
  role?: UserRole | undefined;
  password?: string | undefined;
  disabled?: boolean | undefined;
}

export async function updateUser(
  db: Db,
  actor: Actor,
  username: string,
  changes: UserChanges,
  scryptLogN: number,
): Promise<UserRow> {
  const passwordHash =
    changes.password === undefined ? undefined : await hashPassword(changes.password, scryptLogN);
  return db.transaction(async (tx) => {
    const before = await requireUser(tx, username);
    const demotes =
      (changes.role !== undefined && changes.role !== 'secretariat') || changes.disabled === true;
    if (before.role === 'secretariat' && !before.disabledAt && demotes) {
      await ensureAnotherSecretariat(tx, before.id);
    }
    const now = new Date();
    const set: Partial<typeof users.$inferInsert> = { updatedAt: now };
    if (changes.displayName !== undefined) set.displayName = changes.displayName;
    if (changes.role !== undefined) set.role = changes.role;
    if (passwordHash !== undefined) {
      set.passwordHash = passwordHash;
      set.tokensValidAfter = now; // a new password ends the sessions of the old one
    }
    if (changes.disabled !== undefined) {
      set.disabledAt = changes.disabled ? (before.disabledAt ?? now) : null;
      if (changes.disabled) set.tokensValidAfter = now;
    }
    const [after] = await tx.update(users).set(set).where(eq(users.id, before.id)).returning();
    if (!after) throw new Error('user vanished during update');
    await recordAudit(tx, actor, {
      action: 'user.update',
      entityType: 'user',
      entityId: after.id,
      before: auditable(before),
      after: auditable(after),
    });
    return after;
  });
}

/**
 * The registry must never lose its last active secretariat account. The
 * active secretariat rows are locked: two demotions at once cannot both see
 * "another one is left".
 */
async function ensureAnotherSecretariat(db: Executor, exceptId: string): Promise<void> {
  const others = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, 'secretariat'), isNull(users.disabledAt)))
    .for('update');
  if (others.filter((u) => u.id !== exceptId).length === 0) {
    throw new HttpProblem(
      409,
      ErrorCode.LAST_SECRETARIAT,
      'This is the last active secretariat account; create another one first.',
    );
  }
}
