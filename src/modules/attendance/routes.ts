import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { stringify } from 'csv-stringify/sync';
import { and, desc, eq, isNotNull } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import {
  AttendanceRecordSchema,
  DelegateSchema,
  type PointAttendance,
  RollCallSchema,
} from '../../contract/index.js';
import { attendance } from '../../db/schema.js';
import { local, REPORT_TIME_ZONE, sendCsv, wantsCsv } from '../../http/csv.js';
import { problemResponses } from '../../http/problem.js';
import { access, pointOnly, principalOf } from '../auth/principal.js';
import { readableSession } from '../sessions/read.js';
import { loadBoard } from './board.js';
import { summarise } from './figures.js';

const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const security = [{ bearer: [] }];

const yesNo = (b: boolean | null) => (b === null ? '' : b ? 'yes' : 'no');

/** One row per invited point; UTF-8 with BOM and CRLF so Excel shows Vietnamese names right. */
export function attendanceCsv(rows: PointAttendance[]): string {
  return stringify(
    rows.map((r) => ({
      code: r.code,
      name: r.name,
      kind: r.kind,
      status: r.status,
      checked_in_at: local(r.checkedInAt),
      delegates_count: r.delegatesCount,
      delegates: r.delegates.map((d) => (d.title ? `${d.name} (${d.title})` : d.name)).join('; '),
      roster_on_time: yesNo(r.rosterOnTime),
      on_duty_at: local(r.onDutyAt),
      on_duty_on_time: yesNo(r.onDutyOnTime),
      connected_seconds: r.connectedSeconds,
      disconnects: r.disconnects,
      test_passed: yesNo(r.testPassed),
      absent_reason: r.absentReason ?? '',
    })),
    { header: true, bom: true, record_delimiter: 'windows' },
  );
}

/** The readiness board (live) and the attendance record (the secretariat's report). */
export default async function attendanceRoutes(instance: FastifyInstance) {
  const fastify = instance.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = fastify.database;

  async function board(principalRequest: Parameters<typeof principalOf>[0], sessionId: string) {
    const session = await readableSession(db, principalOf(principalRequest), sessionId);
    const points = await loadBoard(db, session, fastify.attendance.boardContext(session.id));
    return { session, points, summary: summarise(points) };
  }

  fastify.get(
    '/api/v1/sessions/:id/readiness',
    {
      config: { access: access.users },
      schema: {
        tags: ['attendance'],
        summary:
          'The readiness board: per point credential, test, connection, check-in, roster, disconnects',
        description: 'Live updates of the same rows arrive as `attendance:updated` on the socket.',
        security,
        params: IdParams,
        response: { 200: AttendanceRecordSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { session, points, summary } = await board(request, request.params.id);
      return { sessionId: session.id, summary, points };
    },
  );

  fastify.get(
    '/api/v1/attendance/last-delegates',
    {
      config: { access: access.anyone },
      schema: {
        tags: ['attendance'],
        summary:
          "Point: the delegates of its latest check-in (the console's check-in form starts from them)",
        security,
        response: {
          200: Type.Object({
            sessionId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
            delegates: Type.Array(DelegateSchema),
          }),
          ...problemResponses(401, 403),
        },
      },
    },
    async (request) => {
      const point = pointOnly(principalOf(request), 'Only a point has delegates of its own.');
      const [last] = await db
        .select({ sessionId: attendance.sessionId, delegates: attendance.delegates })
        .from(attendance)
        .where(and(eq(attendance.pointId, point.pointId), isNotNull(attendance.lastCheckInAt)))
        .orderBy(desc(attendance.lastCheckInAt))
        .limit(1);
      return { sessionId: last?.sessionId ?? null, delegates: last?.delegates ?? [] };
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
        summary: 'The attendance record, as JSON or (Accept: text/csv, or ?format=csv) as CSV',
        description: `CSV: UTF-8 with BOM, one row per invited point, times in ${REPORT_TIME_ZONE}. Status: present, late, absent or excused; the summary counts late points as present.`,
        security,
        produces: ['application/json', 'text/csv'],
        params: IdParams,
        querystring: Type.Object({ format: Type.Optional(Type.Enum(['json', 'csv'])) }),
        response: {
          200: AttendanceRecordSchema,
          ...problemResponses(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const { session, points, summary } = await board(request, request.params.id);
      if (wantsCsv(request)) {
        return sendCsv(reply, `attendance-${session.id}.csv`, attendanceCsv(points));
      }
      return { sessionId: session.id, summary, points };
    },
  );
}
