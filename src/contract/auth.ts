// Logging in, the caller's identity, and renewing a login token (over HTTP or the socket).
import Type, { type Static } from 'typebox';
import { PointKindSchema } from './points.js';
import { Password, UserSchema } from './users.js';

export const LoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);

export const TokenSchema = Type.Object({
  token: Type.String({ description: 'send as `Authorization: Bearer <token>`' }),
  expiresAt: Type.String({ format: 'date-time' }),
});

export const LoginResultSchema = Type.Object({ ...TokenSchema.properties, user: UserSchema });

export const MeSchema = Type.Union([
  Type.Object({ kind: Type.Literal('user'), user: UserSchema }),
  Type.Object({
    kind: Type.Literal('point'),
    credentialId: Type.String({ format: 'uuid' }),
    point: Type.Object({ code: Type.String(), name: Type.String(), kind: PointKindSchema }),
  }),
]);

export const PasswordChangeBody = Type.Object(
  { currentPassword: Type.String({ maxLength: 200 }), newPassword: Password },
  { additionalProperties: false },
);

/** `auth:refresh` takes nothing: it renews the token the socket was opened (or last renewed) with. */
export const RefreshPayloadSchema = Type.Object({}, { additionalProperties: false });

/** A fresh login token: keep it for reconnections (`socket.auth.token = token`). */

export type LoginInput = Static<typeof LoginBody>;
export type PasswordChangeInput = Static<typeof PasswordChangeBody>;
export type LoginResult = Static<typeof LoginResultSchema>;
export type Me = Static<typeof MeSchema>;
export type TokenRenewal = Static<typeof TokenSchema>;
