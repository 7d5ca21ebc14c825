// The REST API as the consoles call it: JSON in, JSON out, and every failure
// an ActionError carrying the server's stable code (shown to people through
// the i18n catalogue, never raw).
import type { Problem, SessionSummary, SocketErrorCode } from '../../../src/contract/index.js';

/** A failed action: `code` is the contract's stable error code, or NETWORK when nothing answered. */
export class ActionError extends Error {
  readonly code: SocketErrorCode | 'NETWORK' | 'TIMEOUT';
  readonly status: number | undefined;
  /** Per-field problems (validation), when the server named them. */
  readonly fields: Array<{ path: string; message: string }>;
  /** The problem's other members (e.g. `clashes` of a SESSION_CLASH). */
  readonly extra: Record<string, unknown>;

  constructor(
    code: ActionError['code'],
    message: string,
    status?: number,
    fields: Array<{ path: string; message: string }> = [],
    extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ActionError';
    this.code = code;
    this.status = status;
    this.fields = fields;
    this.extra = extra;
  }
}

export interface RequestOptions {
  token?: string | null;
  body?: unknown;
  signal?: AbortSignal;
}

/** One API call; resolves the JSON body, rejects with an ActionError. */
export async function api<T>(
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal ?? AbortSignal.timeout(20_000),
    });
  } catch (error) {
    const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
    throw new ActionError(timedOut ? 'TIMEOUT' : 'NETWORK', String(error));
  }
  const text = await response.text();
  const body = text ? safeJson(text) : undefined;
  if (!response.ok) {
    const problem = (body ?? {}) as Partial<Problem>;
    throw new ActionError(
      (problem.code as SocketErrorCode | undefined) ??
        (response.status >= 500 ? 'INTERNAL' : 'BAD_REQUEST'),
      problem.detail ?? problem.title ?? response.statusText,
      response.status,
      problem.errors ?? [],
      problem as Record<string, unknown>,
    );
  }
  return body as T;
}

/** The sessions the caller may see that start after `hoursAgo` hours ago (a point: its own). */
export async function sessionsSince(token: string, hoursAgo: number): Promise<SessionSummary[]> {
  const from = new Date(Date.now() - hoursAgo * 3600_000).toISOString();
  const { sessions } = await api<{ sessions: SessionSummary[] }>(
    'GET',
    `/api/v1/sessions?from=${encodeURIComponent(from)}`,
    { token },
  );
  return sessions;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
