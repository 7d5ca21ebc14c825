// The audit log as the secretariat reads it.
import Type, { type Static } from 'typebox';

export const AuditEntrySchema = Type.Object({
  id: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  actor: Type.Object({
    kind: Type.Union([Type.Literal('user'), Type.Literal('point'), Type.Literal('system')]),
    id: Type.Union([Type.String(), Type.Null()]),
    name: Type.String(),
  }),
  action: Type.String({ description: 'e.g. point.create, session.status' }),
  entityType: Type.String(),
  entityId: Type.String(),
  sessionId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
  changes: Type.Record(
    Type.String(),
    Type.Object({ before: Type.Unknown(), after: Type.Unknown() }),
    { description: 'changed fields with their value before and after' },
  ),
});

export const AuditQuery = Type.Object({
  sessionId: Type.Optional(Type.String({ format: 'uuid' })),
  entityType: Type.Optional(Type.String({ maxLength: 40 })),
  entityId: Type.Optional(Type.String({ maxLength: 100 })),
  since: Type.Optional(Type.String({ format: 'date-time' })),
  before: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: Number.MAX_SAFE_INTEGER,
      description: 'entries with a smaller id',
    }),
  ),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
});

export type AuditEntry = Static<typeof AuditEntrySchema>;
