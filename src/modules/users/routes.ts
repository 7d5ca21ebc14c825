import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { CreateUserBody, Role, UpdateUserBody, UserSchema } from '../../contract/index.js';
import { ErrorCode, HttpProblem, problemResponses } from '../../http/problem.js';
import { actorOf } from '../audit/record.js';
import { access, principalOf } from '../auth/principal.js';
import { createUser, findUser, listUsers, updateUser, userView } from './service.js';

const secretariat = { access: access.roles('secretariat') };
const security = [{ bearer: [] }];

/** Accounts of the secretariat, chairs, moderators and observers. */
export default async function userRoutes(instance: FastifyInstance) {
  const fastify = instance.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = fastify.database;
  const logN = fastify.config.auth.scryptLogN;

  fastify.post(
    '/api/v1/users',
    {
      config: secretariat,
      schema: {
        tags: ['users'],
        summary: 'Create an account',
        security,
        body: CreateUserBody,
        response: { 201: UserSchema, ...problemResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const user = await createUser(db, actorOf(principalOf(request)), request.body, logN);
      return reply.code(201).send(userView(user));
    },
  );

  fastify.get(
    '/api/v1/users',
    {
      config: secretariat,
      schema: {
        tags: ['users'],
        summary: 'List accounts',
        security,
        querystring: Type.Object({ role: Type.Optional(Role) }),
        response: {
          200: Type.Object({ users: Type.Array(UserSchema) }),
          ...problemResponses(400, 401, 403),
        },
      },
    },
    async (request) => ({ users: (await listUsers(db, request.query.role)).map(userView) }),
  );

  fastify.get(
    '/api/v1/users/:username',
    {
      config: secretariat,
      schema: {
        tags: ['users'],
        summary: 'One account',
        security,
        params: Type.Object({ username: Type.String({ maxLength: 64 }) }),
        response: { 200: UserSchema, ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => {
      const user = await findUser(db, request.params.username);
      if (!user) throw new HttpProblem(404, ErrorCode.NOT_FOUND, 'No such user.');
      return userView(user);
    },
  );

  fastify.patch(
    '/api/v1/users/:username',
    {
      config: secretariat,
      schema: {
        tags: ['users'],
        summary: 'Change an account: name, role, password, or switch it off',
        description:
          'A new password or `disabled: true` ends every login token issued before. The last active secretariat account cannot be demoted or disabled.',
        security,
        params: Type.Object({ username: Type.String({ maxLength: 64 }) }),
        body: UpdateUserBody,
        response: { 200: UserSchema, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const user = await updateUser(
        db,
        actorOf(principalOf(request)),
        request.params.username,
        request.body,
        logN,
      );
      // A disabled account or a new password ends the sockets of the old tokens.
      if (request.body.disabled || request.body.password) {
        fastify.events.publish('access.revoked', { userId: user.id });
      } else if (request.body.role !== undefined || request.body.displayName !== undefined) {
        // A demoted moderator's open socket must not keep a moderator's rights.
        fastify.events.publish('access.changed', { userId: user.id });
      }
      return userView(user);
    },
  );
}
