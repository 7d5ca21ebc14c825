import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ErrorCode, PROBLEM_CONTENT_TYPE, problem } from './problem.js';

/**
 * Errors Fastify and Node's HTTP parser produce before a request reaches a
 * route (and so our error handler): they too answer problem+json with a
 * stable code, like every other error.
 */

/** Fastify's `frameworkErrors`: a URL it cannot route (bad percent-encoding, an over-long parameter). */
export function frameworkErrors(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const body =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? problem(414, ErrorCode.URI_TOO_LONG, 'A part of the URL is too long.')
      : error.code === 'FST_ERR_BAD_URL'
        ? problem(400, ErrorCode.BAD_REQUEST, 'The URL is not valid (bad percent-encoding).')
        : problem(500, ErrorCode.INTERNAL, 'An unexpected error occurred.');
  request.log.info({ code: body.code, fastify: error.code }, 'request refused before routing');
  // Before routing, no hook runs: the security headers that matter for an error body, by hand.
  void reply
    .code(body.status)
    .type(PROBLEM_CONTENT_TYPE)
    .header('x-content-type-options', 'nosniff')
    .send(body);
}

/** Node's `clientError`: a request so malformed (or headers so large) that HTTP parsing failed. */
export function clientErrorHandler(error: NodeJS.ErrnoException, socket: Socket): void {
  // A reset connection has nobody left to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const body =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? problem(431, ErrorCode.HEADERS_TOO_LARGE, 'The request headers are too large.')
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? problem(408, ErrorCode.REQUEST_TIMEOUT, 'The request took too long to arrive.')
        : problem(400, ErrorCode.BAD_REQUEST, 'The request is not valid HTTP.');
  const json = JSON.stringify(body);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${body.status} ${body.title}\r\nConnection: close\r\nX-Content-Type-Options: nosniff\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(json)}\r\n\r\n${json}`,
    );
  }
  socket.destroy(error);
}
