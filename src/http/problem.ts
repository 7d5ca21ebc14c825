import Type from 'typebox';
import type { ErrorCode, Problem } from '../contract/errors.js';

export { ErrorCode, type Problem, ProblemSchema } from '../contract/errors.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  408: 'Request Timeout',
  409: 'Conflict',
  422: 'Unprocessable Content',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Throw from a handler to answer with a problem+json body. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    detail?: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail ?? titles[status] ?? 'Error');
    this.name = 'HttpProblem';
  }

  toProblem(instance?: string): Problem {
    return problem(this.status, this.code, this.message, { ...this.extra, instance });
  }
}

export function problem(
  status: number,
  code: ErrorCode,
  detail?: string,
  extra: Record<string, unknown> = {},
): Problem {
  const body: Problem = {
    type: `urn:giaoban:problem:${code.toLowerCase().replaceAll('_', '-')}`,
    title: titles[status] ?? 'Error',
    status,
    code,
    ...extra,
  };
  if (detail !== undefined) body.detail = detail;
  if (body.instance === undefined) delete body.instance;
  return body;
}

/** Response schema entries for the error statuses a route can answer with. */
export function problemResponses(...statuses: number[]) {
  return Object.fromEntries(statuses.map((s) => [s, Type.Ref('Problem')])) as Record<
    number,
    ReturnType<typeof Type.Ref<'Problem'>>
  >;
}
