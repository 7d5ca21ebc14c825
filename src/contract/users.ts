// Accounts of people, as the API shows them.
import Type, { type Static } from 'typebox';
import { USER_ROLES, Username } from './primitives.js';

export { Username } from './primitives.js';

export const Role = Type.Enum(USER_ROLES, {
  description:
    'secretariat: registry and scheduling; chair and moderator: run sessions; observer: read only',
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

export const CreateUserBody = Type.Object(
  {
    username: Username,
    password: Password,
    role: Role,
    displayName: Type.Optional(DisplayName),
  },
  { additionalProperties: false },
);

export const UpdateUserBody = Type.Object(
  {
    displayName: Type.Optional(Type.Union([DisplayName, Type.Null()])),
    role: Type.Optional(Role),
    password: Type.Optional(Password),
    disabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);

export type UserView = Static<typeof UserSchema>;
