import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { and, desc, eq, gte, lt, type SQL } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { AuditEntrySchema, AuditQuery } from '../../contract/index.js';
import { auditLog } from '../../db/schema.js';
import { problemResponses } from '../../http/problem.js';
import { access } from '../auth/principal.js';

/** The audit log, newest first, for the secretariat. */
export default async function auditRoutes(instance: FastifyInstance) {
  const fastify = instance.withTypeProvider<TypeBoxTypeProvider>();
  fastify.get(
    '/api/v1/audit',
    {
      config: { access: access.roles('secretariat') },
      schema: {
        tags: ['audit'],
        summary: 'Read the audit log (newest first; page with `before`)',
        security: [{ bearer: [] }],
        querystring: AuditQuery,
        response: {
          200: Type.Object({ entries: Type.Array(AuditEntrySchema) }),
          ...problemResponses(400, 401, 403),
        },
      },
    },
    async (request) => {
      const q = request.query;
      const where: SQL[] = [];
      if (q.sessionId) where.push(eq(auditLog.sessionId, q.sessionId));
      if (q.entityType) where.push(eq(auditLog.entityType, q.entityType));
      if (q.entityId) where.push(eq(auditLog.entityId, q.entityId));
      if (q.since) where.push(gte(auditLog.at, new Date(q.since)));
      if (q.before) where.push(lt(auditLog.id, q.before));
      const rows = await fastify.database.db
        .select()
        .from(auditLog)
        .where(and(...where))
        .orderBy(desc(auditLog.id))
        .limit(q.limit);
      return {
        entries: rows.map((r) => ({
          id: r.id,
          at: r.at.toISOString(),
          actor: { kind: r.actorKind, id: r.actorId, name: r.actorName },
          action: r.action,
          entityType: r.entityType,
          entityId: r.entityId,
          sessionId: r.sessionId,
          changes: r.changes ?? {},
        })),
      };
    },
  );
}
