// Materials of a session (documents with versions and per-point receipts) and
// the points' written reports.
import Type, { type Static } from 'typebox';
import { DateTime, Nullable, Uuid } from './primitives.js';

/** File kinds accepted for materials and reports: checked by extension and by content. */
export const MATERIAL_EXTENSIONS = [
  'pdf',
  'docx',
  'xlsx',
  'pptx',
  'png',
  'jpg',
  'jpeg',
  'gif',
  'webp',
] as const;

export const MaterialVersionSchema = Type.Object({
  version: Type.Integer({ minimum: 1 }),
  fileName: Type.String(),
  size: Type.Integer({ minimum: 0 }),
  contentType: Type.String(),
  sha256: Type.String(),
  uploadedAt: DateTime,
  uploadedBy: Type.String(),
});

export const MaterialSchema = Type.Object({
  id: Uuid,
  sessionId: Uuid,
  title: Type.String(),
  currentVersion: Type.Integer({ minimum: 1 }),
  withdrawnAt: Nullable(DateTime),
  createdAt: DateTime,
  versions: Type.Array(MaterialVersionSchema, {
    description: 'newest first; a point sees only the current version, people every version kept',
  }),
  receivedAt: Type.Optional(
    Nullable(
      Type.String({
        format: 'date-time',
        description: "a point's view: when it first downloaded the current version",
      }),
    ),
  ),
});

export const MaterialListSchema = Type.Object({ materials: Type.Array(MaterialSchema) });

export const MaterialReceiptsSchema = Type.Object({
  materials: Type.Array(
    Type.Object({ id: Uuid, title: Type.String(), currentVersion: Type.Integer() }),
  ),
  points: Type.Array(
    Type.Object({
      code: Type.String(),
      name: Type.String(),
      received: Type.Integer({ description: 'current versions received' }),
      of: Type.Integer({ description: "the session's current materials" }),
      receipts: Type.Array(
        Type.Object({
          materialId: Uuid,
          title: Type.String(),
          version: Type.Integer(),
          receivedAt: DateTime,
        }),
      ),
    }),
  ),
});

export const ReportDeadlineBodySchema = Type.Object(
  { deadline: Nullable(DateTime) },
  { additionalProperties: false },
);

export const PointReportSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  reported: Type.Boolean(),
  submittedAt: Nullable(DateTime),
  onTime: Nullable(
    Type.Boolean({ description: 'submitted by the deadline (no deadline: on time)' }),
  ),
  fileName: Nullable(Type.String()),
  size: Nullable(Type.Integer()),
  text: Nullable(Type.String()),
  /** Earlier submissions replaced by this one. */
  earlier: Type.Integer({ minimum: 0 }),
});

export const ReportListSchema = Type.Object({
  deadline: Nullable(DateTime),
  summary: Type.Object({
    invited: Type.Integer(),
    reported: Type.Integer(),
    onTime: Type.Integer(),
    late: Type.Integer(),
    missing: Type.Integer(),
  }),
  reports: Type.Array(PointReportSchema),
});

export type MaterialVersion = Static<typeof MaterialVersionSchema>;
export type Material = Static<typeof MaterialSchema>;
export type MaterialList = Static<typeof MaterialListSchema>;
export type MaterialReceipts = Static<typeof MaterialReceiptsSchema>;
export type PointReport = Static<typeof PointReportSchema>;
export type ReportList = Static<typeof ReportListSchema>;
