import Type, { type Static } from 'typebox';

/**
 * Stable error codes: clients branch on these, so they are part of the public
 * contract. Add freely; never rename.
 */
export const ErrorCode = {
  BAD_REQUEST: 'BAD_REQUEST',
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  UNAUTHORIZED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  METHOD_NOT_ALLOWED: 'METHOD_NOT_ALLOWED',
  CONFLICT: 'CONFLICT',
  ALREADY_EXISTS: 'ALREADY_EXISTS',
  LAST_SECRETARIAT: 'LAST_SECRETARIAT',
  SESSION_CLASH: 'SESSION_CLASH',
  ILLEGAL_TRANSITION: 'ILLEGAL_TRANSITION',
  SESSION_LOCKED: 'SESSION_LOCKED',
  NOTICE_TOO_SHORT: 'NOTICE_TOO_SHORT',
  UNKNOWN_REFERENCE: 'UNKNOWN_REFERENCE',
  INVALID_PARENT: 'INVALID_PARENT',
  CSV_INVALID: 'CSV_INVALID',
  WRONG_PASSWORD: 'WRONG_PASSWORD',
  CHECKIN_CLOSED: 'CHECKIN_CLOSED',
  CHECKIN_TOO_EARLY: 'CHECKIN_TOO_EARLY',
  ALREADY_CHECKED_IN: 'ALREADY_CHECKED_IN',
  ROLLCALL_OPEN: 'ROLLCALL_OPEN',
  ROLLCALL_CLOSED: 'ROLLCALL_CLOSED',
  SESSION_NOT_LIVE: 'SESSION_NOT_LIVE',
  NOT_CHECKED_IN: 'NOT_CHECKED_IN',
  NOT_QUEUED: 'NOT_QUEUED',
  ALREADY_QUEUED: 'ALREADY_QUEUED',
  FLOOR_BUSY: 'FLOOR_BUSY',
  NO_FLOOR: 'NO_FLOOR',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  URI_TOO_LONG: 'URI_TOO_LONG',
  HEADERS_TOO_LARGE: 'HEADERS_TOO_LARGE',
  REQUEST_TIMEOUT: 'REQUEST_TIMEOUT',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  NOT_ACCEPTABLE: 'NOT_ACCEPTABLE',
  RATE_LIMITED: 'RATE_LIMITED',
  INTERNAL: 'INTERNAL',
  UNAVAILABLE: 'UNAVAILABLE',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

/** RFC 9457 problem details, plus our stable `code`. */
export const ProblemSchema = Type.Object(
  {
    type: Type.String({ description: 'URI reference naming the problem type' }),
    title: Type.String(),
    status: Type.Integer({ minimum: 400, maximum: 599 }),
    code: Type.String({ description: 'stable machine-readable error code' }),
    detail: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String()),
    errors: Type.Optional(
      Type.Array(
        Type.Object({
          path: Type.String(),
          message: Type.String(),
        }),
        { description: 'one entry per invalid field' },
      ),
    ),
  },
  { $id: 'Problem', additionalProperties: true },
);
export type Problem = Static<typeof ProblemSchema>;

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
