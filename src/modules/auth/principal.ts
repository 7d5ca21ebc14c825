import { type PointKind, USER_ROLES, type UserRole } from '../../contract/index.js';
import { ErrorCode, HttpProblem } from '../../http/problem.js';

/** Who is calling: a person with a role, or a connection point's operator credential. */
export type Principal =
  | {
      kind: 'user';
      id: string;
      username: string;
      displayName: string | null;
      role: UserRole;
    }
  | {
      kind: 'point';
      credentialId: string;
      pointId: string;
      pointCode: string;
      pointName: string;
      /** The central hall is where the chair sits; the media plane routes it to everyone. */
      pointKind: PointKind;
    };

export type UserPrincipal = Extract<Principal, { kind: 'user' }>;
export type PointPrincipal = Extract<Principal, { kind: 'point' }>;

/**
 * Who may call a route, declared on every /api route (`config.access`). A
 * route without one refuses to register; object-level rules (which session,
 * which point) are checked by the module on top of this.
 */
export type Access = { public: true } | { roles: readonly UserRole[]; points: boolean };

export const access = {
  /** No token needed. */
  public: { public: true },
  /** Any logged-in person, whatever the role; no point credentials. */
  users: { roles: USER_ROLES, points: false },
  /** Any logged-in person or point credential. */
  anyone: { roles: USER_ROLES, points: true },
  /** Only these roles. */
  roles: (...roles: UserRole[]): Access => ({ roles, points: false }),
} as const satisfies Record<string, Access | ((...r: UserRole[]) => Access)>;

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    /** Set by the auth hook on every non-public route. */
    principal: Principal | null;
  }
}

/** The authenticated principal of a non-public route (the hook guarantees one). */
export function principalOf(request: { principal: Principal | null }): Principal {
  if (!request.principal) throw new Error('route is missing its access declaration');
  return request.principal;
}

/** The caller as a point; people are refused (403): what follows is a point's act. */
export function pointOnly(principal: Principal, act = 'Only a point credential can do this.') {
  if (principal.kind !== 'point') throw new HttpProblem(403, ErrorCode.FORBIDDEN, act);
  return principal;
}
