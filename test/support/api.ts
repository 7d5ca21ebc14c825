import type { FastifyInstance } from 'fastify';
import { ADMIN_PASSWORD } from './app.js';

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Record<string, unknown>;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * HTTP calls, optionally with a bearer token: through app.inject (the full
 * Fastify pipeline, in process) or, given a base URL, over the network to a
 * server process.
 */
export class Api {
  constructor(
    readonly app: FastifyInstance | string,
    readonly token?: string,
  ) {}

  as(token: string | undefined): Api {
    return new Api(this.app, token);
  }

  async request<T = any>(
    method: Method,
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse<T>> {
    const allHeaders: Record<string, string> = {
      ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
      ...(body !== undefined && typeof body !== 'string'
        ? { 'content-type': 'application/json' }
        : {}),
      ...headers,
    };
    const payload = body === undefined || typeof body === 'string' ? body : JSON.stringify(body);
    if (typeof this.app === 'string') {
      const res = await fetch(`${this.app}${url}`, { method, headers: allHeaders, body: payload });
      const text = await res.text();
      const type = res.headers.get('content-type') ?? '';
      return {
        status: res.status,
        body: (type.includes('json') ? JSON.parse(text) : text) as T,
        headers: Object.fromEntries(res.headers),
      };
    }
    const res = await this.app.inject({
      method,
      url,
      headers: allHeaders,
      ...(payload === undefined ? {} : { payload }),
    });
    const type = String(res.headers['content-type'] ?? '');
    return {
      status: res.statusCode,
      body: (type.includes('json') ? res.json() : res.body) as T,
      headers: res.headers,
    };
  }

  get<T = any>(url: string) {
    return this.request<T>('GET', url);
  }
  post<T = any>(url: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('POST', url, body ?? {}, headers);
  }
  put<T = any>(url: string, body: unknown) {
    return this.request<T>('PUT', url, body);
  }
  patch<T = any>(url: string, body: unknown) {
    return this.request<T>('PATCH', url, body);
  }
  delete<T = any>(url: string) {
    return this.request<T>('DELETE', url);
  }

  /** Logs in and returns an Api acting with that token. */
  async login(username: string, password: string): Promise<Api> {
    const res = await this.as(undefined).post('/api/v1/auth/login', { username, password });
    if (res.status !== 200)
      throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
    return this.as(res.body.token);
  }

  loginAdmin(): Promise<Api> {
    return this.login('admin', ADMIN_PASSWORD);
  }

  /** Creates a user (as the caller, normally the secretariat) and logs in as them. */
  async user(username: string, role: string): Promise<Api> {
    const password = `${username}-password`;
    const res = await this.post('/api/v1/users', { username, password, role });
    if (res.status !== 201)
      throw new Error(`create ${username}: ${res.status} ${JSON.stringify(res.body)}`);
    return this.login(username, password);
  }

  /** Issues a credential for a point and returns an Api acting with it. */
  async point(code: string): Promise<Api> {
    const res = await this.post(`/api/v1/points/${code}/credentials`, { label: 'test' });
    if (res.status !== 201)
      throw new Error(`credential ${code}: ${res.status} ${JSON.stringify(res.body)}`);
    return this.as(res.body.token);
  }
}

/** ISO time `days` from now (sessions need notice). */
export function inDays(days: number, hours = 0): string {
  return new Date(Date.now() + days * 86_400_000 + hours * 3_600_000).toISOString();
}
