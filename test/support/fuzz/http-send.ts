// Sending HTTP cases (inject, fetch, raw TCP socket) and the rules every answer must keep.
import { connect } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { ANSWER_TIMEOUT_MS, within } from './config.js';
import type { HttpCase } from './http-cases.js';

export interface HttpAnswer {
  status: number;
  contentType: string;
  body: string;
}

export async function viaInject(app: FastifyInstance, c: HttpCase): Promise<HttpAnswer> {
  const res = await within(
    app.inject({
      method: c.method as 'GET',
      url: c.url,
      headers: c.headers,
      ...(c.body === undefined ? {} : { payload: c.body }),
    }),
  );
  return {
    status: res.statusCode,
    contentType: String(res.headers['content-type'] ?? ''),
    body: res.body,
  };
}

export async function viaFetch(base: string, c: HttpCase): Promise<HttpAnswer> {
  const withBody = c.body !== undefined && c.method !== 'GET' && c.method !== 'HEAD';
  const res = await fetch(base + c.url, {
    method: c.method,
    headers: withBody ? c.headers : omit(c.headers, 'content-type'),
    ...(withBody ? { body: c.body } : {}),
    signal: AbortSignal.timeout(ANSWER_TIMEOUT_MS),
  }).catch((err: Error) => {
    if (err.name === 'TimeoutError') throw new Error(`no answer within ${ANSWER_TIMEOUT_MS} ms`);
    throw err;
  });
  return {
    status: res.status,
    contentType: res.headers.get('content-type') ?? '',
    body: await res.text(),
  };
}

function omit(headers: Record<string, string>, name: string): Record<string, string> {
  const { [name]: _, ...rest } = headers;
  return rest;
}

/**
 * A request written byte for byte on a TCP socket: targets no URL parser
 * would let through (raw spaces, NUL, 0xff bytes, 64 kB targets).
 */
export function viaRawSocket(port: number, requestHead: Buffer): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${ANSWER_TIMEOUT_MS} ms`));
    }, ANSWER_TIMEOUT_MS);
    const done = () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('latin1');
      const [head = '', ...rest] = text.split('\r\n\r\n');
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0);
      const contentType = /\r\ncontent-type:\s*([^\r\n]*)/i.exec(head)?.[1] ?? '';
      resolve({
        status,
        contentType,
        body: Buffer.from(rest.join('\r\n\r\n'), 'latin1').toString(),
      });
    };
    socket.on('data', (d) => chunks.push(d));
    socket.on('end', done);
    socket.on('close', () => {
      if (chunks.length) done();
      else {
        clearTimeout(timer);
        resolve({ status: 0, contentType: '', body: '' });
      }
    });
    socket.on('error', () => {});
    socket.write(requestHead);
  });
}

/** Why an answer breaks the rules (undefined: it does not). */
export function httpViolation(a: HttpAnswer): string | undefined {
  if (a.status === 0) return 'connection closed without an HTTP answer';
  if (a.status >= 500) return `${a.status} ${a.contentType} ${a.body.slice(0, 300)}`;
  if (a.status < 400) return undefined;
  if (!a.contentType.toLowerCase().startsWith('application/problem+json')) {
    return `${a.status} answered as '${a.contentType}', not application/problem+json: ${a.body.slice(0, 300)}`;
  }
  try {
    const body = JSON.parse(a.body);
    if (typeof body?.code !== 'string')
      return `${a.status} problem without a string code: ${a.body.slice(0, 300)}`;
    if (body.status !== undefined && body.status !== a.status) {
      return `${a.status} problem whose body says status ${body.status}`;
    }
  } catch {
    return `${a.status} problem+json that is not JSON: ${a.body.slice(0, 300)}`;
  }
  return undefined;
}

/** `code` of a problem answer, for statistics. */
export function problemCode(a: HttpAnswer): string {
  try {
    return String(JSON.parse(a.body).code);
  } catch {
    return '?';
  }
}
