import Type from 'typebox';
import { USER_ROLES } from '../auth/principal.js';

export const Role = Type.Enum(USER_ROLES, {
  description:
    'secretariat: registry and scheduling; chair and moderator: run sessions; observer: read only',
});
export const Username = Type.String({
  pattern: '^[a-z0-9][a-z0-9._-]{1,63}$',
  description: 'lower-case letters, digits, dot, dash, underscore; 2–64 characters',
});
export const Password = Type.String({ minLength: 10, maxLength: 200 });
export const DisplayName = Type.String({ minLength: 1, maxLength: 200 });

export const UserSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  username: Type.String(),
  displayName: Type.Union([Type.String(), Type.Null()]),
  role: Role,
  disabled: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
});
