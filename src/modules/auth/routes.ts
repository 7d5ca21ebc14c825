import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import {
  LoginBody,
  LoginResultSchema,
  MeSchema,
  PasswordChangeBody,
  TokenSchema,
} from '../../contract/index.js';
import { ErrorCode, HttpProblem, problemResponses } from '../../http/problem.js';
import { actorOf } from '../audit/record.js';
import { findUser, updateUser, userView } from '../users/service.js';
import { decoyHash, verifyPassword } from './passwords.js';
import { access, principalOf, type UserPrincipal } from './principal.js';

/** Login, the caller's identity, token renewal and password change. */
export default async function authRoutes(instance: FastifyInstance) {
  const fastify = instance.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = fastify.database;
  const { scryptLogN, loginRateLimitPerMinute } = fastify.config.auth;
  // Compared against when the username does not exist: same cost, no user enumeration.
  const decoy = await decoyHash(scryptLogN);
  // Guessing one account is slowed per (address, username); spraying many
  // accounts from one address by a looser per-address limit, loose enough for
  // an office of colleagues behind one NAT address.
  const perAccount = fastify.createRateLimit({
    max: loginRateLimitPerMinute,
    timeWindow: 60_000,
    keyGenerator: (request) =>
      `account|${request.ip}|${String((request.body as { username?: unknown }).username).toLowerCase()}`,
  });
  const perAddress = fastify.createRateLimit({
    max: loginRateLimitPerMinute * 10,
    timeWindow: 60_000,
    keyGenerator: (request) => `address|${request.ip}`,
  });

  fastify.post(
    '/api/v1/auth/login',
    {
      config: { access: access.public },
      bodyLimit: 4096,
      preHandler: async (request, reply) => {
        for (const check of [perAccount, perAddress]) {
          const limit = await check(request);
          if (!limit.isAllowed && limit.isExceeded) {
            reply.header('retry-after', limit.ttlInSeconds);
            throw new HttpProblem(
              429,
              ErrorCode.RATE_LIMITED,
              `Too many login attempts; try again in ${limit.ttlInSeconds} s.`,
            );
          }
        }
      },
      schema: {
        tags: ['auth'],
        summary: 'Log in with username and password',
        description:
          'Rate-limited: LOGIN_RATE_LIMIT attempts per minute per address and username, ten times that per address. Tokens live AUTH_TOKEN_TTL seconds.',
        body: LoginBody,
        response: {
          200: LoginResultSchema,
          ...problemResponses(400, 401, 413, 429),
        },
      },
    },
    async (request) => {
      const { username, password } = request.body;
      const user = await findUser(db, username.toLowerCase());
      const matches = await verifyPassword(password, user?.passwordHash ?? decoy);
      if (!user || !matches || user.disabledAt) {
        request.log.info({ username }, 'login refused');
        throw new HttpProblem(401, ErrorCode.UNAUTHORIZED, 'Wrong username or password.');
      }
      const principal: UserPrincipal = {
        kind: 'user',
        id: user.id,
        username: user.username,
        displayName: user.displayName,
        role: user.role,
      };
      const { token, expiresAt } = fastify.auth.issueToken(principal);
      request.log.info({ username, role: user.role }, 'logged in');
      return { token, expiresAt: expiresAt.toISOString(), user: userView(user) };
    },
  );

  fastify.get(
    '/api/v1/auth/me',
    {
      config: { access: access.anyone },
      schema: {
        tags: ['auth'],
        summary: 'Who the token belongs to',
        security: [{ bearer: [] }],
        response: { 200: MeSchema, ...problemResponses(401) },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      if (principal.kind === 'point') {
        return {
          kind: 'point' as const,
          credentialId: principal.credentialId,
          point: {
            code: principal.pointCode,
            name: principal.pointName,
            kind: principal.pointKind,
          },
        };
      }
      const user = await findUser(db, principal.username);
      if (!user) throw new HttpProblem(401, ErrorCode.UNAUTHORIZED, 'The account is gone.');
      return { kind: 'user' as const, user: userView(user) };
    },
  );

  fastify.post(
    '/api/v1/auth/refresh',
    {
      config: { access: access.users },
      schema: {
        tags: ['auth'],
        summary: 'Exchange a valid login token for a fresh one',
        security: [{ bearer: [] }],
        response: { 200: TokenSchema, ...problemResponses(401, 403) },
      },
    },
    async (request) => {
      const principal = principalOf(request) as UserPrincipal;
      const { token, expiresAt } = fastify.auth.issueToken(principal);
      return { token, expiresAt: expiresAt.toISOString() };
    },
  );

  fastify.post(
    '/api/v1/auth/password',
    {
      config: { access: access.users },
      bodyLimit: 4096,
      schema: {
        tags: ['auth'],
        summary: 'Change your own password',
        description: 'Ends every token issued before; the response carries a new one.',
        security: [{ bearer: [] }],
        body: PasswordChangeBody,
        response: { 200: TokenSchema, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const principal = principalOf(request) as UserPrincipal;
      const user = await findUser(db, principal.username);
      if (!user || !(await verifyPassword(request.body.currentPassword, user.passwordHash))) {
        throw new HttpProblem(403, ErrorCode.WRONG_PASSWORD, 'The current password is wrong.');
      }
      await updateUser(
        db,
        actorOf(principal),
        user.username,
        { password: request.body.newPassword },
        scryptLogN,
      );
      const { token, expiresAt } = fastify.auth.issueToken(principal);
      return { token, expiresAt: expiresAt.toISOString() };
    },
  );
}
