// The registry of connection points and their operator credentials, as the API shows them.
import Type, { type Static } from 'typebox';
import { POINT_KINDS, PointCode } from './primitives.js';

export { PointCode } from './primitives.js';
export const PointKindSchema = Type.Enum(POINT_KINDS);
export const PointName = Type.String({ minLength: 1, maxLength: 200 });

export const PointSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  code: Type.String(),
  name: Type.String(),
  kind: PointKindSchema,
  parentCode: Type.Union([Type.String(), Type.Null()]),
  active: Type.Boolean(),
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
  },
  { additionalProperties: false },
);

export const UpdatePointBody = Type.Object(
  {
    name: Type.Optional(PointName),
    kind: Type.Optional(PointKindSchema),
    parentCode: Type.Optional(Type.Union([PointCode, Type.Null()])),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const ImportResultSchema = Type.Object({
  created: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
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
