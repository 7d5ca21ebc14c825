import Type, { type Static } from 'typebox';

/** One issued version of a session's record (biên bản). */
export const RecordIssueSchema = Type.Object({
  sessionId: Type.String({ format: 'uuid' }),
  version: Type.Integer({ minimum: 1 }),
  sha256: Type.String({ description: 'SHA-256 (hex) of the PDF file as downloaded' }),
  contentSha256: Type.String({
    description: "SHA-256 (hex) of the record's content, printed on every page of the PDF",
  }),
  issuedAt: Type.String({ format: 'date-time' }),
  stale: Type.Optional(
    Type.Boolean({ description: 'the newest version no longer matches the stored data' }),
  ),
});

export type RecordIssue = Static<typeof RecordIssueSchema>;
