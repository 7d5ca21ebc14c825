import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  check,
  index,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
};

export const userRole = pgEnum('user_role', ['secretariat', 'chair', 'moderator', 'observer']);

/** People who log in: the secretariat, chairs, moderators and observers. */
export const users = pgTable('users', {
  id: uuid('id').primaryKey().defaultRandom(),
  username: text('username').notNull().unique(),
  displayName: text('display_name'),
  passwordHash: text('password_hash').notNull(),
  role: userRole('role').notNull(),
  /** Set when the account is switched off; it can no longer log in. */
  disabledAt: timestamp('disabled_at', { withTimezone: true }),
  ...timestamps,
});

export const pointKind = pgEnum('point_kind', [
  'central-hall',
  'central-body',
  'province',
  'district',
  'commune',
]);

/**
 * A connection point (điểm cầu): a room with an operator and delegates. The
 * parent link holds the cascade province → district → commune.
 */
export const points = pgTable(
  'points',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull().unique(),
    name: text('name').notNull(),
    kind: pointKind('kind').notNull(),
    parentId: uuid('parent_id').references((): AnyPgColumn => points.id, {
      onDelete: 'restrict',
    }),
    active: boolean('active').notNull().default(true),
    ...timestamps,
  },
  (t) => [
    check('points_code_format', sql`${t.code} ~ '^[a-z0-9][a-z0-9-]{0,63}$'`),
    check('points_not_own_parent', sql`${t.parentId} is distinct from ${t.id}`),
    index('points_parent_idx').on(t.parentId),
    index('points_kind_idx').on(t.kind),
  ],
);
