import Type from 'typebox';
import { POINT_CODE_PATTERN, POINT_KINDS } from './rules.js';

export const PointKindSchema = Type.Enum(POINT_KINDS);
export const PointCode = Type.String({
  pattern: POINT_CODE_PATTERN,
  description: 'lower-case letters, digits and dashes, e.g. `ha-noi`',
});
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
