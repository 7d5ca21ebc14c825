import { randomBytes } from 'node:crypto';
import fastifyJwt from '@fastify/jwt';
import rateLimit from '@fastify/rate-limit';
import { eq, inArray, type SQL } from 'drizzle-orm';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Db } from '../db/client.js';
import { pointCredentials, points, serverSecrets, users } from '../db/schema.js';
import { ErrorCode, HttpProblem } from '../http/problem.js';
import { credentialTokenHash, isCredentialToken } from '../modules/auth/credential-tokens.js';
import type { Principal, UserPrincipal } from '../modules/auth/principal.js';
import { normaliseShortCode, shortCodeHash } from '../modules/auth/short-codes.js';

/** What a token stands for, and until when; or why it stands for nothing. */
export type Authentication =
  | { principal: Principal; expiresAt: Date | null }
  | { refused: 'invalid' | 'expired' };

export interface AuthService {
  /** The principal a bearer token stands for, or null if the token is not (or no longer) valid. */
  authenticate(token: string): Promise<Principal | null>;
  /** The same, with the token's expiry (null: a point credential, which does not expire) or the reason for a refusal. */
  authenticateDetailed(token: string): Promise<Authentication>;
  /** The account as it is now (role, name), or null if it is gone or disabled. */
  currentUser(userId: string): Promise<UserPrincipal | null>;
  /** A signed login token for a user. */
  issueToken(user: UserPrincipal): { token: string; expiresAt: Date };
}

declare module 'fastify' {
  interface FastifyInstance {
    auth: AuthService;
  }
}

interface TokenClaims {
  sub: string;
  role: string;
  /** Issue time in milliseconds: `iat` has whole seconds only. */
  issuedAtMs: number;
}

/** A credential's last use is recorded at most this often, and written in batches. */
const LAST_USE_RESOLUTION_MS = 60_000;
const LAST_USE_FLUSH_MS = 5_000;

/** The signing key: configured, or generated once and kept in the database. */
async function signingSecret(db: Db, configured: string | undefined): Promise<string> {
  if (configured) return configured;
  await db
    .insert(serverSecrets)
    .values({ name: 'token-signing-key', value: randomBytes(48).toString('base64url') })
    .onConflictDoNothing();
  const [row] = await db
    .select({ value: serverSecrets.value })
    .from(serverSecrets)
    .where(eq(serverSecrets.name, 'token-signing-key'));
  if (!row) throw new Error('token signing key missing after insert');
  return row.value;
}

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1];
}

/**
 * Authentication (login tokens for people, operator credentials for points)
 * and the access hook: every /api route declares who may call it.
 */
export default fp(
  async function auth(fastify: FastifyInstance) {
    const { db } = fastify.database;
    const config = fastify.config.auth;

    await fastify.register(fastifyJwt, {
      secret: await signingSecret(db, config.secret),
      sign: { expiresIn: `${config.tokenTtlSeconds}s` },
    });
    // Limiters are created where needed (login) with fastify.createRateLimit().
    await fastify.register(rateLimit, { global: false });

    // Last use of credentials, written in one batch every few seconds: a
    // thousand points connecting at once must not cost a thousand UPDATEs.
    const usedCredentials = new Set<string>();
    const recordUse = async () => {
      if (usedCredentials.size === 0) return;
      const ids = [...usedCredentials];
      usedCredentials.clear();
      await db
        .update(pointCredentials)
        .set({ lastUsedAt: new Date() })
        .where(inArray(pointCredentials.id, ids));
    };
    const useTimer = setInterval(() => {
      recordUse().catch((err: unknown) =>
        fastify.log.warn({ err }, 'could not record credential use'),
      );
    }, LAST_USE_FLUSH_MS);
    useTimer.unref();
    fastify.addHook('onClose', async () => {
      clearInterval(useTimer);
      await recordUse().catch(() => {});
    });

    async function currentUser(userId: string): Promise<UserPrincipal | null> {
      const [user] = await db.select().from(users).where(eq(users.id, userId));
      if (!user || user.disabledAt) return null;
      return {
        kind: 'user',
        id: user.id,
        username: user.username,
        displayName: user.displayName,
        role: user.role,
      };
    }

    async function authenticateUser(token: string): Promise<Authentication> {
      let claims: TokenClaims & { exp?: number };
      try {
        claims = fastify.jwt.verify<TokenClaims & { exp?: number }>(token);
      } catch (err) {
        const expired = (err as { code?: string }).code === 'FAST_JWT_EXPIRED';
        return { refused: expired ? 'expired' : 'invalid' };
      }
      const [user] = await db.select().from(users).where(eq(users.id, claims.sub));
      if (!user || user.disabledAt) return { refused: 'invalid' };
      // A password change or a disabled account ends the tokens issued before it.
      if (!(claims.issuedAtMs >= user.tokensValidAfter.getTime())) return { refused: 'invalid' };
      return {
        principal: {
          kind: 'user',
          id: user.id,
          username: user.username,
          displayName: user.displayName,
          role: user.role,
        },
        expiresAt: claims.exp ? new Date(claims.exp * 1000) : null,
      };
    }

    async function authenticatePoint(match: SQL): Promise<Principal | null> {
      const [row] = await db
        .select({
          credentialId: pointCredentials.id,
          revokedAt: pointCredentials.revokedAt,
          lastUsedAt: pointCredentials.lastUsedAt,
          pointId: points.id,
          pointCode: points.code,
          pointName: points.name,
          pointKind: points.kind,
          pointActive: points.active,
        })
        .from(pointCredentials)
        .innerJoin(points, eq(points.id, pointCredentials.pointId))
        .where(match);
      if (!row || row.revokedAt || !row.pointActive) return null;
      const now = new Date();
      if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USE_RESOLUTION_MS) {
        usedCredentials.add(row.credentialId);
      }
      return {
        kind: 'point',
        credentialId: row.credentialId,
        pointId: row.pointId,
        pointCode: row.pointCode,
        pointName: row.pointName,
        pointKind: row.pointKind,
      };
    }

    const authenticateDetailed = async (token: string): Promise<Authentication> => {
      const shortCode = isCredentialToken(token) ? null : normaliseShortCode(token);
      if (!isCredentialToken(token) && !shortCode) return authenticateUser(token);
      const principal = await authenticatePoint(
        shortCode
          ? eq(pointCredentials.shortCodeHash, shortCodeHash(shortCode))
          : eq(pointCredentials.tokenHash, credentialTokenHash(token)),
      );
      return principal ? { principal, expiresAt: null } : { refused: 'invalid' };
    };
    fastify.decorate('auth', {
      authenticateDetailed,
      authenticate: async (token) => {
        const result = await authenticateDetailed(token);
        return 'principal' in result ? result.principal : null;
      },
      currentUser,
      issueToken: (user) => {
        const claims: TokenClaims = { sub: user.id, role: user.role, issuedAtMs: Date.now() };
        const token = fastify.jwt.sign(claims);
        // The expiry the token carries (whole seconds), not a millisecond
        // estimate: sockets and clients time their renewal by it.
        const { exp } = fastify.jwt.decode<{ exp: number }>(token) ?? { exp: 0 };
        return { token, expiresAt: new Date(exp * 1000) };
      },
    } satisfies AuthService);

    fastify.decorateRequest('principal', null);

    // A new /api route without an access rule is a startup error, not an open door.
    fastify.addHook('onRoute', (route) => {
      if (route.url.startsWith('/api/') && !route.config?.access) {
        throw new Error(`route ${route.method} ${route.url} declares no config.access`);
      }
    });

    fastify.addHook('onRequest', async (request) => {
      const rule = request.routeOptions.config.access;
      if (!rule || 'public' in rule) return;
      const token = bearerToken(request);
      const result = token ? await fastify.auth.authenticateDetailed(token) : undefined;
      if (!result || !('principal' in result)) {
        throw new HttpProblem(
          401,
          ErrorCode.UNAUTHORIZED,
          !result
            ? 'A bearer token is required.'
            : result.refused === 'expired'
              ? 'The token has expired; log in again (renew tokens before they expire: POST /api/v1/auth/refresh).'
              : 'The token is invalid or revoked.',
        );
      }
      const { principal } = result;
      const allowed =
        principal.kind === 'point' ? rule.points : rule.roles.includes(principal.role);
      if (!allowed) {
        throw new HttpProblem(
          403,
          ErrorCode.FORBIDDEN,
          principal.kind === 'point'
            ? 'Point credentials may not use this route.'
            : `The ${principal.role} role may not use this route.`,
        );
      }
      request.principal = principal;
    });
  },
  { name: 'auth', dependencies: ['config', 'db', 'errors'], fastify: '5.x' },
);
