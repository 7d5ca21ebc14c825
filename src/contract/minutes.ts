// Minutes and the chair's conclusions: the texts the desk keeps during a
// session (saved as the secretary types, with optimistic concurrency) and the
// conclusions' approved versions, published to every console.
import Type, { type Static } from 'typebox';
import { DateTime, Nullable, Uuid } from './primitives.js';

/** Longer than any real briefing's minutes; a bound so one save cannot fill the database. */
export const MINUTES_MAX_CHARS = 200_000;

export const SESSION_TEXT_DOCUMENTS = ['minutes', 'conclusions'] as const;
export type SessionTextDocument = (typeof SESSION_TEXT_DOCUMENTS)[number];

export const TextSaveSchema = Type.Object(
  {
    revision: Type.Integer({ minimum: 0 }),
    savedBy: Type.String(),
    savedAt: DateTime,
    chars: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);
export type TextSave = Static<typeof TextSaveSchema>;

/** A working text as stored: revision 0 is the empty text nobody saved yet. */
export const SessionTextSchema = Type.Object(
  {
    sessionId: Uuid,
    document: Type.Union([Type.Literal('minutes'), Type.Literal('conclusions')]),
    text: Type.String(),
    revision: Type.Integer({ minimum: 0 }),
    savedBy: Nullable(Type.String()),
    savedAt: Nullable(DateTime),
    /** The latest saves first (who, when, which revision); bounded. */
    history: Type.Array(TextSaveSchema),
  },
  { additionalProperties: false },
);
export type SessionText = Static<typeof SessionTextSchema>;

/**
 * A save: the whole text and the revision the editor started from. A save
 * from an older revision answers 409 MINUTES_CONFLICT with `current` (a
 * SessionText): merge and save again from its revision.
 */
export const SaveTextBodySchema = Type.Object(
  {
    text: Type.String({ maxLength: MINUTES_MAX_CHARS }),
    revision: Type.Integer({ minimum: 0, maximum: 2_147_483_647 }),
  },
  { additionalProperties: false },
);
export type SaveTextBody = Static<typeof SaveTextBodySchema>;

export const ConclusionVersionSchema = Type.Object(
  {
    sessionId: Uuid,
    version: Type.Integer({ minimum: 1 }),
    text: Type.String(),
    approvedBy: Type.String(),
    approvedAt: DateTime,
  },
  { additionalProperties: false },
);
export type ConclusionVersion = Static<typeof ConclusionVersionSchema>;

/** Approve the draft as it was at `revision` (what the chair read). */
export const ApproveBodySchema = Type.Object(
  { revision: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) },
  { additionalProperties: false },
);

/** Points: `published` alone. People: every version (newest first) and the draft too. */
export const ConclusionsSchema = Type.Object(
  {
    sessionId: Uuid,
    published: Nullable(ConclusionVersionSchema),
    versions: Type.Optional(Type.Array(ConclusionVersionSchema)),
    draft: Type.Optional(SessionTextSchema),
  },
  { additionalProperties: false },
);
export type Conclusions = Static<typeof ConclusionsSchema>;

/** To the people in the session: someone saved a text; a desk at an older revision merges. */
export interface TextSavedEvent {
  sessionId: string;
  document: SessionTextDocument;
  revision: number;
  by: string;
  at: string;
}
