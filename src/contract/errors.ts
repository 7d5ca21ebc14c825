// Errors as clients see them: stable codes, the RFC 9457 problem body of
// every HTTP error, and the acknowledgement of every socket event.
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
  // minutes
  /** A save or approval based on an older revision of the text; the answer carries `current`. */
  MINUTES_CONFLICT: 'MINUTES_CONFLICT',
  /** An approval of conclusions identical to the latest approved version. */
  CONCLUSIONS_UNCHANGED: 'CONCLUSIONS_UNCHANGED',
  // materials and reports
  FILE_TOO_LARGE: 'FILE_TOO_LARGE',
  FILE_TYPE_NOT_ALLOWED: 'FILE_TYPE_NOT_ALLOWED',
  FILE_MISSING: 'FILE_MISSING',
  REPORT_EMPTY: 'REPORT_EMPTY',
  // webhooks
  WEBHOOK_URL_INVALID: 'WEBHOOK_URL_INVALID',
  // recording
  RECORDING_DISK_FULL: 'RECORDING_DISK_FULL',
  RECORDING_NOT_WRITABLE: 'RECORDING_NOT_WRITABLE',
  RECORDING_FFMPEG_FAILED: 'RECORDING_FFMPEG_FAILED',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

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

/** Error codes a client can see in an ack or a refused handshake. */
export type SocketErrorCode = ErrorCode | 'AUTH_REQUIRED' | 'AUTH_INVALID' | 'AUTH_EXPIRED';
/**
 * AUTH_EXPIRED: a login token past its lifetime (log in again); AUTH_INVALID:
 * unknown, revoked, or of a disabled account.
 */
export type HandshakeErrorCode = 'AUTH_REQUIRED' | 'AUTH_INVALID' | 'AUTH_EXPIRED' | 'INTERNAL';

export interface SocketError {
  code: SocketErrorCode;
  message: string;
}

/** Every client → server event is acknowledged with one of these. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: SocketError };
export type AckCallback<T> = (response: Ack<T>) => void;

export type Problem = Static<typeof ProblemSchema>;
