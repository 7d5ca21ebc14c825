// The registry of connection points and their operator credentials, as the API shows them.
import Type, { type Static } from 'typebox';
import { DelegateSchema } from './attendance.js';
import { POINT_KINDS, PointCode, type PointKind } from './primitives.js';

export { PointCode } from './primitives.js';
export const PointKindSchema = Type.Enum(POINT_KINDS);

/**
 * Which kinds a point's parent may have. Every parent ranks above its child,
 * so the registry can hold the cascade province → district → commune and
 * never a cycle. Since 2025 communes hang directly under provinces. The
 * server enforces it; the secretariat's page offers only parents it allows.
 */
export const ALLOWED_PARENTS: Record<PointKind, readonly PointKind[]> = {
  'central-hall': [],
  'central-body': ['central-hall'],
  province: ['central-hall'],
  district: ['province'],
  commune: ['district', 'province'],
};

export const PointName = Type.String({ minLength: 1, maxLength: 200 });
export const OperatorName = Type.String({ minLength: 1, maxLength: 200 });
export const OperatorPhone = Type.String({
  minLength: 3,
  maxLength: 40,
  pattern: '^[0-9+() .-]+$',
  description: 'digits, spaces, + ( ) . -',
});
export const Roster = Type.Array(DelegateSchema, {
  maxItems: 300,
  description: "the standing delegates: the operator console's check-in form starts from them",
});

export const PointSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  code: Type.String(),
  name: Type.String(),
  kind: PointKindSchema,
  parentCode: Type.Union([Type.String(), Type.Null()]),
  active: Type.Boolean(),
  operatorName: Type.Union([Type.String(), Type.Null()]),
  operatorPhone: Type.Union([Type.String(), Type.Null()]),
  roster: Type.Array(Type.Object({ name: Type.String(), title: Type.Optional(Type.String()) })),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const CredentialSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  label: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

export const PointListQuery = Type.Object({
  kind: Type.Optional(PointKindSchema),
  parent: Type.Optional(Type.String({ maxLength: 64, description: 'parent code' })),
  active: Type.Optional(Type.Boolean()),
  q: Type.Optional(
    Type.String({ minLength: 1, maxLength: 100, description: 'name or code contains' }),
  ),
  limit: Type.Integer({ minimum: 1, maximum: 20_000, default: 1000 }),
  offset: Type.Integer({ minimum: 0, maximum: 1_000_000_000, default: 0 }),
});

export const CreatePointBody = Type.Object(
  {
    code: PointCode,
    name: PointName,
    kind: PointKindSchema,
    parentCode: Type.Optional(PointCode),
    operatorName: Type.Optional(OperatorName),
    operatorPhone: Type.Optional(OperatorPhone),
    roster: Type.Optional(Roster),
  },
  { additionalProperties: false },
);

export const UpdatePointBody = Type.Object(
  {
    name: Type.Optional(PointName),
    kind: Type.Optional(PointKindSchema),
    parentCode: Type.Optional(Type.Union([PointCode, Type.Null()])),
    active: Type.Optional(Type.Boolean()),
    operatorName: Type.Optional(Type.Union([OperatorName, Type.Null()])),
    operatorPhone: Type.Optional(Type.Union([OperatorPhone, Type.Null()])),
    roster: Type.Optional(Roster),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const ImportResultSchema = Type.Object({
  created: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
  dryRun: Type.Boolean({ description: 'true: nothing was written' }),
  rows: Type.Array(
    Type.Object({
      line: Type.Integer(),
      code: Type.String(),
      name: Type.String(),
      action: Type.Enum(['create', 'update', 'unchanged']),
    }),
  ),
});

export const ImportQuery = Type.Object({
  dryRun: Type.Boolean({
    default: false,
    description: 'check everything and answer what would change, writing nothing',
  }),
});

export const IssueCredentialBody = Type.Optional(
  Type.Object(
    { label: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })) },
    { additionalProperties: false },
  ),
);

export const IssuedCredentialSchema = Type.Object({
  ...CredentialSchema.properties,
  token: Type.String({ description: 'bearer token for HTTP and the socket handshake' }),
  shortCode: Type.String({
    description:
      'the same credential as 12 characters to type (e.g. K7QM-3XPD-9RTW): accepted wherever the token is',
  }),
});

/** A credential with its point, as the secretariat's list shows it. */
export const PointCredentialSchema = Type.Object({
  ...CredentialSchema.properties,
  code: Type.String(),
  name: Type.String(),
  kind: PointKindSchema,
});

export const CredentialListQuery = Type.Object({
  kind: Type.Optional(PointKindSchema),
  parent: Type.Optional(Type.String({ maxLength: 64, description: 'parent code' })),
  revoked: Type.Optional(
    Type.Boolean({ description: 'true: only revoked; false: only valid; omitted: all' }),
  ),
});

/** Credentials for many points at once: listed codes, or every active point of a kind and/or under a parent. */
export const IssueCredentialsBody = Type.Object(
  {
    pointCodes: Type.Optional(
      Type.Array(PointCode, { minItems: 1, maxItems: 20_000, uniqueItems: true }),
    ),
    kind: Type.Optional(PointKindSchema),
    parent: Type.Optional(Type.String({ maxLength: 64, description: 'parent code' })),
    label: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    replace: Type.Optional(
      Type.Boolean({ description: "revoke the points' earlier credentials (reissue)" }),
    ),
  },
  { additionalProperties: false },
);

export const IssuedCredentialsSchema = Type.Object({
  credentials: Type.Array(
    Type.Object({
      ...IssuedCredentialSchema.properties,
      code: Type.String(),
      name: Type.String(),
      kind: PointKindSchema,
    }),
  ),
});

export type PointView = Static<typeof PointSchema>;
export type CredentialView = Static<typeof CredentialSchema>;
