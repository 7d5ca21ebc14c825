import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { and, desc, eq, isNotNull } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { AttendanceRecordSchema, DelegateSchema, RollCallSchema } from '../../contract/index.js';
import { attendance, points } from '../../db/schema.js';
import { ExportQuery, exportFormat, REPORT_TIME_ZONE, sendTable } from '../../http/exports.js';
import { problemResponses } from '../../http/problem.js';
import { access, pointOnly, principalOf } from '../auth/principal.js';
import { readableSession } from '../sessions/read.js';
import { loadBoard } from './board.js';
import {
  BoardCache,
  type BoardFilter,
  BoardQuery,
  filterBoard,
  notModified,
} from './board-views.js';
import { attendanceColumns } from './export.js';
import { summarise } from './figures.js';

const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

/** `status=a,b` as well as `status=a&status=b`. */
const commaSeparated = (key: string) => async (request: FastifyRequest) => {
  const query = request.query as Record<string, unknown>;
  if (typeof query[key] === 'string') query[key] = query[key].split(',');
};
const security = [{ bearer: [] }];

/** The readiness board (live) and the attendance record (the secretariat's report). */
export default async function attendanceRoutes(instance: FastifyInstance) {
  const fastify = instance.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = fastify.database;

  const boards = new BoardCache();
  /** The session's whole board, computed once per version however many ask; and its tag. */
  async function board(principalRequest: Parameters<typeof principalOf>[0], sessionId: string) {
    const session = await readableSession(db, principalOf(principalRequest), sessionId);
    const tag = boards.tag(fastify.attendance.boardVersion(session.id));
    const { points, summary } = await boards.get(session.id, tag, async () => {
      const points = await loadBoard(db, session, fastify.attendance.boardContext(session.id));
      return { points, summary: summarise(points) };
    });
    return { session, points, summary, tag };
  }

  /** JSON: 304 for an unchanged board; else the rows asked for, with the tag. */
  function boardAnswer(
    request: { query: BoardFilter; headers: { 'if-none-match'?: string | undefined } },
    reply: FastifyReply,
    { session, points, summary, tag }: Awaited<ReturnType<typeof board>>,
  ) {
    reply.header('etag', tag).header('cache-control', 'private, no-cache');
    if (notModified(request.headers['if-none-match'], tag)) return reply.code(304).send();
    const page = filterBoard(points, request.query);
    return { sessionId: session.id, summary, points: page.points, total: page.total };
  }

  fastify.get(
    '/api/v1/sessions/:id/readiness',
    {
      config: { access: access.users },
      schema: {
        tags: ['attendance'],
        summary:
          'The readiness board: per point credential, test, connection, check-in, roster, disconnects',
        description:
          'Live updates of the same rows arrive as `attendance:updated` on the socket. Filters `status`, `kind`, `q` and pages `limit`/`offset` (`total`: rows matching); `ETag` and `If-None-Match` (304) — the board is computed once per change however many watch it, and at most 2 s behind the clock (connected time, network figures).',
        security,
        params: IdParams,
        querystring: BoardQuery,
        response: {
          200: AttendanceRecordSchema,
          304: Type.Null({ description: 'unchanged since the tag given in If-None-Match' }),
          ...problemResponses(400, 401, 403, 404),
        },
      },
      preValidation: commaSeparated('status'),
    },
    async (request, reply) => boardAnswer(request, reply, await board(request, request.params.id)),
  );

  fastify.get(
    '/api/v1/attendance/last-delegates',
    {
      config: { access: access.anyone },
      schema: {
        tags: ['attendance'],
        summary:
          'Point: the delegates its check-in form starts from — the standing roster kept in the registry, else those of its latest check-in',
        security,
        response: {
          200: Type.Object({
            sessionId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
            delegates: Type.Array(DelegateSchema),
            source: Type.Enum(['roster', 'last-check-in', 'none']),
          }),
          ...problemResponses(401, 403),
        },
      },
    },
    async (request) => {
      const point = pointOnly(principalOf(request), 'Only a point has delegates of its own.');
      const [registered] = await db
        .select({ roster: points.roster })
        .from(points)
        .where(eq(points.id, point.pointId));
      if (registered?.roster.length)
        return { sessionId: null, delegates: registered.roster, source: 'roster' as const };
      const [last] = await db
        .select({ sessionId: attendance.sessionId, delegates: attendance.delegates })
        .from(attendance)
        .where(and(eq(attendance.pointId, point.pointId), isNotNull(attendance.lastCheckInAt)))
        .orderBy(desc(attendance.lastCheckInAt))
        .limit(1);
      return last
        ? { sessionId: last.sessionId, delegates: last.delegates, source: 'last-check-in' as const }
        : { sessionId: null, delegates: [], source: 'none' as const };
    },
  );

  fastify.get(
    '/api/v1/sessions/:id/rollcalls',
    {
      config: { access: access.users },
      schema: {
        tags: ['attendance'],
        summary: 'Roll calls of the session with who answered, when, and who did not',
        security,
        params: IdParams,
        response: {
          200: Type.Object({ rollCalls: Type.Array(RollCallSchema) }),
          ...problemResponses(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const session = await readableSession(db, principalOf(request), request.params.id);
      return { rollCalls: await fastify.attendance.rollCalls.list(session.id) };
    },
  );

  fastify.get(
    '/api/v1/sessions/:id/attendance',
    {
      config: { access: access.users },
      schema: {
        tags: ['attendance'],
        summary:
          'The attendance record, as JSON, CSV (Accept: text/csv, or ?format=csv) or Excel (?format=xlsx)',
        description: `CSV (UTF-8 with BOM) and XLSX: one row per invited point, times in ${REPORT_TIME_ZONE}; Vietnamese headers and statuses (Có mặt, Đến muộn, Vắng mặt, Vắng có lý do), or with \`labels=en\` the machine form (code, name, …, status present|late|absent|excused). The summary counts late points as present.`,
        security,
        produces: [
          'application/json',
          'text/csv',
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        ],
        params: IdParams,
        querystring: Type.Object({ ...ExportQuery.properties, ...BoardQuery.properties }),
        response: {
          200: AttendanceRecordSchema,
          304: Type.Null({ description: 'unchanged since the tag given in If-None-Match' }),
          ...problemResponses(400, 401, 403, 404),
        },
      },
      preValidation: commaSeparated('status'),
    },
    async (request, reply) => {
      const current = await board(request, request.params.id);
      const { session, points } = current;
      const format = exportFormat(request);
      if (format !== 'json') {
        return sendTable(reply, format, `attendance-${session.id}`, {
          columns: attendanceColumns,
          rows: points,
          labels: request.query.labels,
          sheet: request.query.labels === 'en' ? 'attendance' : 'Điểm danh',
        });
      }
      return boardAnswer(request, reply, current);
    },
  );
}
