import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  bigserial,
  boolean,
  check,
  customType,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { Delegate, TestFigures } from '../contract/attendance.js';
import {
  POINT_KINDS,
  SESSION_KINDS,
  SESSION_STATUSES,
  SPEAKER_STATUSES,
  USER_ROLES,
} from '../contract/primitives.js';

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
};

export const userRole = pgEnum('user_role', USER_ROLES);

/** People who log in: the secretariat, chairs, moderators and observers. */
export const users = pgTable('users', {
  id: uuid('id').primaryKey().defaultRandom(),
  username: text('username').notNull().unique(),
  displayName: text('display_name'),
  passwordHash: text('password_hash').notNull(),
  role: userRole('role').notNull(),
  /** Set when the account is switched off; it can no longer log in. */
  disabledAt: timestamp('disabled_at', { withTimezone: true }),
  /** Login tokens issued before this instant are no longer accepted. */
  tokensValidAfter: timestamp('tokens_valid_after', { withTimezone: true }).notNull().defaultNow(),
  ...timestamps,
});

export const pointKind = pgEnum('point_kind', POINT_KINDS);

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
    /** Who runs the point's equipment, and how to reach them on the day. */
    operatorName: text('operator_name'),
    operatorPhone: text('operator_phone'),
    /** The standing delegate roster: the operator's check-in form starts from it. */
    roster: jsonb('roster').$type<Array<{ name: string; title?: string }>>().notNull().default([]),
    ...timestamps,
  },
  (t) => [
    check('points_code_format', sql`${t.code} ~ '^[a-z0-9][a-z0-9-]{0,63}$'`),
    check('points_not_own_parent', sql`${t.parentId} is distinct from ${t.id}`),
    index('points_parent_idx').on(t.parentId),
    index('points_kind_idx').on(t.kind),
  ],
);

/**
 * Operator credentials: bearer tokens bound to one point. Only a SHA-256 of
 * the token is kept (tokens are 256-bit random, so no slow KDF is needed).
 */
export const pointCredentials = pgTable(
  'point_credentials',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    pointId: uuid('point_id')
      .notNull()
      .references(() => points.id, { onDelete: 'cascade' }),
    label: text('label'),
    tokenHash: text('token_hash').notNull().unique(),
    /** The same credential as a short code an operator can type (SHA-256 of its normal form). */
    shortCodeHash: text('short_code_hash').unique(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('point_credentials_point_idx').on(t.pointId)],
);

export const sessionKind = pgEnum('session_kind', SESSION_KINDS);

export const sessionStatus = pgEnum('session_status', SESSION_STATUSES);

/** One scheduled briefing. */
export const sessions = pgTable(
  'sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    title: text('title').notNull(),
    kind: sessionKind('kind').notNull(),
    status: sessionStatus('status').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    /** Exempt from the minimum notice (extraordinary or urgent briefings). */
    urgent: boolean('urgent').notNull().default(false),
    chairId: uuid('chair_id').references(() => users.id, { onDelete: 'set null' }),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    /** When the lifecycle actually moved: check-in opened, went live, ended, was cancelled. */
    checkinOpenedAt: timestamp('checkin_opened_at', { withTimezone: true }),
    startedAt: timestamp('started_at', { withTimezone: true }),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    /** Why it was cancelled, as the secretariat told the points. */
    cancelReason: text('cancel_reason'),
    /** The speaker register's rules for this session (defaults from the configuration). */
    speechSeconds: integer('speech_seconds').notNull().default(300),
    speechWarningSeconds: integer('speech_warning_seconds').notNull().default(30),
    /** 'end': the floor ends at the limit; 'warn': it only warns. */
    speechOverrun: text('speech_overrun').notNull().default('end'),
    ...timestamps,
  },
  (t) => [
    check('sessions_ends_after_start', sql`${t.endsAt} > ${t.startsAt}`),
    index('sessions_starts_at_idx').on(t.startsAt),
    index('sessions_status_idx').on(t.status),
  ],
);

export const sessionModerators = pgTable(
  'session_moderators',
  {
    sessionId: uuid('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.userId] })],
);

/** A moderator's word on a point's microphone; none: the floor decides. */
export const microphoneOverride = pgEnum('microphone_override', ['open', 'closed']);

/** The points invited to a session. */
export const sessionPoints = pgTable(
  'session_points',
  {
    sessionId: uuid('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    pointId: uuid('point_id')
      .notNull()
      .references(() => points.id, { onDelete: 'restrict' }),
    /** Kept here so a restart cannot reopen a microphone a moderator closed. */
    microphone: microphoneOverride('microphone'),
  },
  (t) => [
    primaryKey({ columns: [t.sessionId, t.pointId] }),
    index('session_points_point_idx').on(t.pointId),
  ],
);

/** The ordered agenda of a session. */
export const agendaItems = pgTable(
  'agenda_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    title: text('title').notNull(),
    presenter: text('presenter'),
    plannedMinutes: integer('planned_minutes'),
    plannedSpeeches: integer('planned_speeches'),
  },
  (t) => [unique('agenda_items_position_unique').on(t.sessionId, t.position)],
);

export const actorKind = pgEnum('actor_kind', ['user', 'point', 'system']);

/** Who changed what, when, with the before/after of every changed field. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorKind: actorKind('actor_kind').notNull(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name').notNull(),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    sessionId: uuid('session_id'),
    changes: jsonb('changes').$type<Record<string, { before: unknown; after: unknown }>>(),
  },
  (t) => [
    index('audit_log_session_idx').on(t.sessionId, t.id),
    index('audit_log_entity_idx').on(t.entityType, t.entityId),
  ],
);

/** Server-generated secrets that must survive restarts (e.g. the token signing key). */
export const serverSecrets = pgTable('server_secrets', {
  name: text('name').primaryKey(),
  value: text('value').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * One invited point's attendance at one session, created on its first
 * contact. Timestamps come from the server clock at the moment of the act.
 */
export const attendance = pgTable(
  'attendance',
  {
    sessionId: uuid('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    pointId: uuid('point_id')
      .notNull()
      .references(() => points.id, { onDelete: 'restrict' }),
    /** First check-in; never moves once set (check-in is idempotent). */
    checkedInAt: timestamp('checked_in_at', { withTimezone: true }),
    lastCheckInAt: timestamp('last_check_in_at', { withTimezone: true }),
    /** First check-in after the scheduled start plus the grace period. */
    late: boolean('late'),
    delegates: jsonb('delegates').$type<Delegate[]>().notNull().default([]),
    /** First time a delegate list arrived, and whether that was by the deadline (T−15 min). */
    rosterSubmittedAt: timestamp('roster_submitted_at', { withTimezone: true }),
    rosterOnTime: boolean('roster_on_time'),
    /** First time the operator connected to the session, and whether by T−60 min. */
    onDutyAt: timestamp('on_duty_at', { withTimezone: true }),
    onDutyOnTime: boolean('on_duty_on_time'),
    /** Reported absence (excused); cleared by a later check-in. */
    absentReason: text('absent_reason'),
    absentReportedAt: timestamp('absent_reported_at', { withTimezone: true }),
    disconnects: integer('disconnects').notNull().default(0),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.pointId] })],
);

/**
 * When a point was connected to a session: opened when its first socket
 * joins, closed when its last one leaves. `lastSeenAt` is refreshed in
 * batches, so an interval left open by a crash closes where it was last seen.
 */
export const connectionIntervals = pgTable(
  'connection_intervals',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    pointId: uuid('point_id')
      .notNull()
      .references(() => points.id, { onDelete: 'restrict' }),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('connection_intervals_point_idx').on(t.sessionId, t.pointId),
    // At most one open interval per point and session: reconnects never duplicate.
    uniqueIndex('connection_intervals_one_open')
      .on(t.sessionId, t.pointId)
      .where(sql`${t.closedAt} is null`),
  ],
);

/** Technical test runs of a point before a session (every run is kept). */
export const testRuns = pgTable(
  'test_runs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    pointId: uuid('point_id')
      .notNull()
      .references(() => points.id, { onDelete: 'restrict' }),
    at: timestamp('at', { withTimezone: true }).notNull(),
    passed: boolean('passed').notNull(),
    /** 'client': figures the operator's console measured; 'server': the media plane's. */
    source: text('source').notNull(),
    figures: jsonb('figures').$type<TestFigures>().notNull().default({}),
    note: text('note'),
  },
  (t) => [index('test_runs_point_idx').on(t.sessionId, t.pointId, t.at)],
);

export const rollCalls = pgTable(
  'roll_calls',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    deadlineAt: timestamp('deadline_at', { withTimezone: true }).notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    startedBy: uuid('started_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [
    index('roll_calls_session_idx').on(t.sessionId, t.startedAt),
    uniqueIndex('roll_calls_one_open').on(t.sessionId).where(sql`${t.closedAt} is null`),
  ],
);

export const rollCallAnswers = pgTable(
  'roll_call_answers',
  {
    rollCallId: uuid('roll_call_id')
      .notNull()
      .references(() => rollCalls.id, { onDelete: 'cascade' }),
    pointId: uuid('point_id')
      .notNull()
      .references(() => points.id, { onDelete: 'restrict' }),
    answeredAt: timestamp('answered_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.rollCallId, t.pointId] })],
);

export const speakerStatus = pgEnum('speaker_status', SPEAKER_STATUSES);

/**
 * The speaker register: every request to speak (or invitation by a
 * moderator), its place in the queue while queued, and, once granted, the
 * speech itself: start, planned end, actual end. The floor is the entry
 * that is `speaking`; the history is the `spoken` ones.
 */
export const speakerEntries = pgTable(
  'speaker_entries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    pointId: uuid('point_id')
      .notNull()
      .references(() => points.id, { onDelete: 'restrict' }),
    status: speakerStatus('status').notNull(),
    /** 1..n among the queued entries of the session; null otherwise. */
    position: integer('position'),
    topic: text('topic'),
    agendaPosition: integer('agenda_position'),
    /** 'request': the point asked; 'invited': a moderator put it in the queue. */
    origin: text('origin').notNull(),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    endsAt: timestamp('ends_at', { withTimezone: true }),
    grantedSeconds: integer('granted_seconds'),
    warnedAt: timestamp('warned_at', { withTimezone: true }),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    endReason: text('end_reason'),
    /** Who decided: granted, moved, rejected or ended it last. */
    decidedBy: text('decided_by'),
  },
  (t) => [
    check(
      'speaker_entries_position_when_queued',
      sql`(${t.status} = 'queued') = (${t.position} is not null)`,
    ),
    check('speaker_entries_position_positive', sql`${t.position} > 0`),
    uniqueIndex('speaker_entries_one_open_per_point')
      .on(t.sessionId, t.pointId)
      .where(sql`${t.status} in ('queued', 'speaking')`),
    uniqueIndex('speaker_entries_one_speaker').on(t.sessionId).where(sql`${t.status} = 'speaking'`),
    index('speaker_entries_session_idx').on(t.sessionId, t.status),
  ],
);

/**
 * Idempotency keys of requests to speak: a key maps to the entry its first
 * request answered with (a new entry or the point's open one), so a retry
 * with the same key always gets that same entry back.
 */
export const speakerRequestKeys = pgTable(
  'speaker_request_keys',
  {
    sessionId: uuid('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    pointId: uuid('point_id')
      .notNull()
      .references(() => points.id, { onDelete: 'restrict' }),
    key: text('key').notNull(),
    entryId: uuid('entry_id')
      .notNull()
      .references(() => speakerEntries.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.pointId, t.key] })],
);

/**
 * Calendar feeds: a secret URL per point or person that calendar programs
 * subscribe to (they cannot send a bearer token). Rotating replaces the key.
 */
export const calendarFeeds = pgTable(
  'calendar_feeds',
  {
    /** Kept as is (not hashed): the owner is shown the URL again; it opens only the schedule. */
    key: text('key').primaryKey(),
    pointId: uuid('point_id').references(() => points.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('calendar_feeds_point_idx').on(t.pointId),
    uniqueIndex('calendar_feeds_user_idx').on(t.userId),
    check('calendar_feeds_one_owner', sql`(${t.pointId} is null) <> (${t.userId} is null)`),
  ],
);

// ---- record (the signed PDF record of a session) ----

/** Raw bytes (PostgreSQL bytea): node-postgres and PGlite both hand back a Buffer/Uint8Array. */
export const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

/**
 * The session's record (biên bản) as issued: each version kept with its
 * bytes, so a copy handed out can be checked against the hash later.
 */
export const sessionRecords = pgTable(
  'session_records',
  {
    sessionId: uuid('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    /** SHA-256 of the PDF file as downloaded. */
    sha256: text('sha256').notNull(),
    /** SHA-256 of the record's content (canonical JSON), printed in the PDF itself. */
    contentSha256: text('content_sha256').notNull(),
    pdf: bytea('pdf').notNull(),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull().defaultNow(),
    issuedBy: uuid('issued_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [
    primaryKey({ columns: [t.sessionId, t.version] }),
    index('session_records_sha_idx').on(t.sha256),
  ],
);

// ---- minutes ----

/**
 * The working texts of a session kept in the desk: the minutes and the draft
 * of the chair's conclusions, one row each. Every save bumps `revision`; a
 * save based on an older revision is refused (optimistic concurrency), so two
 * secretaries typing at once never overwrite each other silently.
 */
export const sessionTexts = pgTable(
  'session_texts',
  {
    sessionId: uuid('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    /** 'minutes' or 'conclusions' (the draft). */
    document: text('document').notNull(),
    text: text('text').notNull().default(''),
    revision: integer('revision').notNull().default(0),
    savedById: uuid('saved_by_id').references(() => users.id, { onDelete: 'set null' }),
    /** The name at the time: kept when the account goes away. */
    savedByName: text('saved_by_name'),
    savedAt: timestamp('saved_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.sessionId, t.document] }),
    check('session_texts_document', sql`${t.document} in ('minutes', 'conclusions')`),
  ],
);

/** Who saved which revision when ("đã lưu lúc … bởi …"); the last few hundred per text. */
export const sessionTextSaves = pgTable(
  'session_text_saves',
  {
    sessionId: uuid('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    document: text('document').notNull(),
    revision: integer('revision').notNull(),
    savedByName: text('saved_by_name').notNull(),
    savedAt: timestamp('saved_at', { withTimezone: true }).notNull().defaultNow(),
    chars: integer('chars').notNull(),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.document, t.revision] })],
);

/**
 * Approved conclusions: version n of a session's conclusions as the chair
 * approved it. Insert-only: a trigger (migration minutes_immutable) refuses any update, so
 * a correction can only be a new version.
 */
export const conclusionVersions = pgTable(
  'conclusion_versions',
  {
    sessionId: uuid('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    text: text('text').notNull(),
    approvedById: uuid('approved_by_id').references(() => users.id, { onDelete: 'set null' }),
    approvedByName: text('approved_by_name').notNull(),
    approvedAt: timestamp('approved_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.sessionId, t.version] }),
    check('conclusion_versions_positive', sql`${t.version} > 0`),
  ],
);

// ---- materials ----

/**
 * Uploaded files, in the database so that every server node serves them and
 * a backup holds them; the SHA-256 is checked again on every download.
 */
export const storedFiles = pgTable('stored_files', {
  id: uuid('id').primaryKey().defaultRandom(),
  sha256: text('sha256').notNull(),
  size: integer('size').notNull(),
  contentType: text('content_type').notNull(),
  bytes: bytea('bytes').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** A document of a session; its versions replace one another without being lost. */
export const materials = pgTable(
  'materials',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    currentVersion: integer('current_version').notNull().default(1),
    /** Withdrawn materials stay (the record shows what was sent) but no point sees them. */
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('materials_session_idx').on(t.sessionId)],
);

export const materialVersions = pgTable(
  'material_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    materialId: uuid('material_id')
      .notNull()
      .references(() => materials.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    fileId: uuid('file_id')
      .notNull()
      .references(() => storedFiles.id, { onDelete: 'restrict' }),
    fileName: text('file_name').notNull(),
    uploadedBy: text('uploaded_by').notNull(),
    uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('material_versions_number_idx').on(t.materialId, t.version)],
);

/** A point's first download of a version; the primary key makes a second one a no-op. */
export const materialReceipts = pgTable(
  'material_receipts',
  {
    versionId: uuid('version_id')
      .notNull()
      .references(() => materialVersions.id, { onDelete: 'cascade' }),
    pointId: uuid('point_id')
      .notNull()
      .references(() => points.id, { onDelete: 'cascade' }),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.versionId, t.pointId] }),
    index('material_receipts_point_idx').on(t.pointId),
  ],
);

/** Per-session settings of the points' written reports (kept out of `sessions`). */
export const reportSettings = pgTable('report_settings', {
  sessionId: uuid('session_id')
    .primaryKey()
    .references(() => sessions.id, { onDelete: 'cascade' }),
  deadline: timestamp('deadline', { withTimezone: true }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** A point's written report; a new one supersedes the earlier, which stays as history. */
export const pointReports = pgTable(
  'point_reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    pointId: uuid('point_id')
      .notNull()
      .references(() => points.id, { onDelete: 'cascade' }),
    fileId: uuid('file_id').references(() => storedFiles.id, { onDelete: 'restrict' }),
    fileName: text('file_name'),
    text: text('text'),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull().defaultNow(),
    onTime: boolean('on_time').notNull(),
    supersededAt: timestamp('superseded_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('point_reports_current_idx')
      .on(t.sessionId, t.pointId)
      .where(sql`${t.supersededAt} is null`),
    check('point_reports_not_empty', sql`${t.fileId} is not null or ${t.text} is not null`),
  ],
);

// ---- webhooks ----

/**
 * Where the secretariat wants the briefing's facts sent. The secret is kept
 * as given (not hashed): every delivery is signed with it (HMAC-SHA256).
 */
export const webhookEndpoints = pgTable('webhook_endpoints', {
  id: uuid('id').primaryKey().defaultRandom(),
  url: text('url').notNull(),
  secret: text('secret').notNull(),
  description: text('description').notNull().default(''),
  /** Domain event types it receives (e.g. 'session.status'). */
  events: text('events').array().notNull(),
  active: boolean('active').notNull().default(true),
  ...timestamps,
});

/**
 * One row per HTTP attempt of a delivery (retries share the delivery id), so
 * the log shows every failure with its status code or error.
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    deliveryId: uuid('delivery_id').notNull(),
    endpointId: uuid('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    /** The pg-boss job carrying it: its state tells when the next retry is due. */
    jobId: uuid('job_id'),
    event: text('event').notNull(),
    sessionId: uuid('session_id'),
    /** 1 for the first try. */
    attempt: integer('attempt').notNull(),
    statusCode: integer('status_code'),
    error: text('error'),
    ok: boolean('ok').notNull(),
    /** No further retry: delivered, or given up (and dead-lettered). */
    final: boolean('final').notNull(),
    durationMs: integer('duration_ms').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('webhook_deliveries_endpoint_idx').on(t.endpointId, t.id),
    index('webhook_deliveries_delivery_idx').on(t.deliveryId),
  ],
);

// ---- recording ----

/**
 * A session's recording as those running it want it (`wanted`) and as it is
 * (`status`). Kept here so a server that restarts resumes a recording that
 * was on; `recordAutomatically` starts it when the session goes live.
 */
export const recordingStates = pgTable('recording_states', {
  sessionId: uuid('session_id')
    .primaryKey()
    .references(() => sessions.id, { onDelete: 'cascade' }),
  wanted: boolean('wanted').notNull().default(false),
  recordAutomatically: boolean('record_automatically').notNull().default(false),
  /** off | starting | recording | failed */
  status: text('status').notNull().default('off'),
  /** Since when the current status holds. */
  since: timestamp('since', { withTimezone: true }).notNull().defaultNow(),
  /** For 'failed': a stable code and the reason (ffmpeg's last words, the disk). */
  errorCode: text('error_code'),
  reason: text('reason'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** One ffmpeg run: a recording is one or more parts, with gaps between them (a worker or server restart). */
export const recordingParts = pgTable(
  'recording_parts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    /** Directory of its files, relative to RECORDINGS_DIR. */
    dir: text('dir').notNull(),
    /** Wall clock of the part's time zero (its first media). */
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    /** recording | finished | failed */
    status: text('status').notNull().default('recording'),
    endReason: text('end_reason'),
    hasVideo: boolean('has_video').notNull().default(true),
  },
  (t) => [unique('recording_parts_seq').on(t.sessionId, t.seq)],
);

/** A closed, playable file of a part, with its place in the part's timeline. */
export const recordingSegments = pgTable(
  'recording_segments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    partId: uuid('part_id')
      .notNull()
      .references(() => recordingParts.id, { onDelete: 'cascade' }),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    /** File name inside the part's directory. */
    file: text('file').notNull(),
    /** Start and length within the part, milliseconds. */
    startMs: integer('start_ms').notNull(),
    durationMs: integer('duration_ms').notNull(),
    bytes: bigint('bytes', { mode: 'number' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('recording_segments_seq').on(t.partId, t.seq),
    index('recording_segments_session_idx').on(t.sessionId),
  ],
);
