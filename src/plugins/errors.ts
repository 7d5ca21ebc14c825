import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { dbErrorProblem } from '../db/errors.js';
import {
  ErrorCode,
  HttpProblem,
  PROBLEM_CONTENT_TYPE,
  type Problem,
  ProblemSchema,
  problem,
} from '../http/problem.js';

/** Fastify's own 4xx errors, mapped onto our stable codes. */
const codeByStatus: Record<number, ErrorCode> = {
  400: ErrorCode.BAD_REQUEST,
  401: ErrorCode.UNAUTHORIZED,
  403: ErrorCode.FORBIDDEN,
  404: ErrorCode.NOT_FOUND,
  405: ErrorCode.METHOD_NOT_ALLOWED,
  406: ErrorCode.NOT_ACCEPTABLE,
  409: ErrorCode.CONFLICT,
  413: ErrorCode.PAYLOAD_TOO_LARGE,
  415: ErrorCode.UNSUPPORTED_MEDIA_TYPE,
  429: ErrorCode.RATE_LIMITED,
};

function toProblem(error: FastifyError | HttpProblem, request: FastifyRequest): Problem {
  if (error instanceof HttpProblem) return error.toProblem(request.url);
  if (error.validation) {
    return problem(400, ErrorCode.VALIDATION_FAILED, 'The request is not valid.', {
      instance: request.url,
      errors: error.validation.map((v) => ({
        path: `${error.validationContext ?? 'body'}${v.instancePath || ''}`,
        message: v.message ?? 'is invalid',
      })),
    });
  }
  const fromDatabase = dbErrorProblem(error);
  if (fromDatabase) return fromDatabase.toProblem(request.url);
  const status = error.statusCode ?? 500;
  const code = codeByStatus[status];
  if (status >= 400 && status < 500 && code) {
    // Fastify's 4xx messages describe the client's mistake and are safe to show.
    return problem(status, code, error.message, { instance: request.url });
  }
  return problem(500, ErrorCode.INTERNAL, 'An unexpected error occurred.', {
    instance: request.url,
  });
}

async function sendProblem(reply: FastifyReply, body: Problem): Promise<void> {
  if (body.status === 401) reply.header('www-authenticate', 'Bearer');
  if (body.status === 503) reply.header('retry-after', '1');
  await reply.code(body.status).type(PROBLEM_CONTENT_TYPE).send(body);
}

/**
 * One error handler for the whole app: every 4xx and 5xx leaves as RFC 9457
 * problem+json with a stable `code`; 5xx details stay in the log.
 */
export default fp(
  async function errors(fastify: FastifyInstance) {
    fastify.addSchema(ProblemSchema);

    fastify.setErrorHandler(async (error: FastifyError | HttpProblem, request, reply) => {
      const body = toProblem(error, request);
      if (body.status >= 500) {
        request.log.error(
          { err: error, method: request.method, url: request.url },
          'request failed',
        );
      } else if (!(error instanceof HttpProblem) && dbErrorProblem(error)) {
        // Input the boundary let through, or a race a constraint caught: worth a look.
        request.log.warn(
          { err: error, code: body.code, method: request.method, url: request.url },
          'database refused the request',
        );
      } else {
        request.log.info(
          { code: body.code, status: body.status, method: request.method, url: request.url },
          'request refused',
        );
      }
      await sendProblem(reply, body);
    });

    fastify.setNotFoundHandler(async (request, reply) => {
      await sendProblem(
        reply,
        problem(404, ErrorCode.NOT_FOUND, `No route for ${request.method} ${request.url}.`, {
          instance: request.url,
        }),
      );
    });
  },
  { name: 'errors', fastify: '5.x' },
);
