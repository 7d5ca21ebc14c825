import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { inputProblem, lineOf, normaliseUuids, textProblem } from '../http/input.js';
import { ErrorCode, HttpProblem } from '../http/problem.js';

const invalid = (path: string, message: string) =>
  new HttpProblem(400, ErrorCode.VALIDATION_FAILED, 'The request is not valid.', {
    errors: [{ path, message }],
  });

function check(request: FastifyRequest): void {
  const schema = request.routeOptions.schema;
  const parts: Array<[string, unknown, unknown]> = [
    ['params', request.params, schema?.params],
    ['querystring', request.query, schema?.querystring],
    ['body', request.body, schema?.body],
  ];
  for (const [part, value, partSchema] of parts) {
    if (typeof value === 'string') {
      // A text body (CSV): report the line, as the import reports its rows.
      const line = lineOf(value, (l) => textProblem(l) !== undefined);
      if (line !== undefined) {
        throw invalid(part, `line ${line} ${textProblem(value.split(/\r?\n/)[line - 1] ?? '')}`);
      }
      continue;
    }
    const problem = inputProblem(value, part);
    if (problem) throw invalid(problem.path, problem.message);
    normaliseUuids(partSchema, value);
  }
}

/**
 * The boundary every request passes before its handler: text PostgreSQL can
 * store, finite numbers, bounded nesting, and ids in one spelling. (Socket
 * payloads pass the same checks in realtime/dispatch.ts.) Checked once,
 * after the schema: its coercion is what turns '?limit=Infinity' or '1e999'
 * into numbers, and the uuid format accepts either case.
 */
export default fp(
  async function input(fastify: FastifyInstance) {
    // A POST with no body at all (curl -X POST, no content type) is an empty
    // object to its schema: the caller learns which field is missing, if any.
    fastify.addHook('preValidation', async (request) => {
      if (request.body === undefined && request.routeOptions.schema?.body) request.body = {};
    });
    fastify.addHook('preHandler', async (request) => check(request));
  },
  { name: 'input', dependencies: ['errors'], fastify: '5.x' },
);
