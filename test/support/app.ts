import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../src/build.js';
import { type Config, loadConfig } from '../../src/config.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export const ADMIN_PASSWORD = 'admin-password-for-tests';

export interface TestApp {
  app: FastifyInstance;
  database: TestDatabase;
  close(): Promise<void>;
}

/** The configuration every test server runs with, on `databaseUrl`; `env` overrides it. */
export function testConfig(databaseUrl: string, env: Record<string, string> = {}): Config {
  return loadConfig({
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    HOST: '127.0.0.1',
    PORT: '0',
    MEDIASOUP_WORKERS: '1',
    RTC_LISTEN_IP: '127.0.0.1',
    RTC_PORT: '0',
    ADMIN_USERNAME: 'admin',
    ADMIN_PASSWORD: ADMIN_PASSWORD,
    // Real scrypt, cheaper cost: tests hash many passwords.
    PASSWORD_SCRYPT_LOG_N: '12',
    // Suites schedule sessions days apart (so they never clash) and open them
    // at once; the window itself is tested with its default (sessions.test.ts).
    CHECKIN_WINDOW_MINUTES: String(366 * 24 * 60),
    ...env,
  });
}

/**
 * The real app on its own PostgreSQL database with real mediasoup workers,
 * on a free port. `env` overrides configuration variables; `configure`
 * adjusts the built configuration beyond what the environment allows (e.g.
 * a token lifetime of seconds).
 */
export async function startTestApp(
  options: {
    env?: Record<string, string>;
    workerRespawnDelayMs?: number;
    listen?: boolean;
    configure?: (config: Config) => void;
  } = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = testConfig(database.url, options.env);
  options.configure?.(config);
  const app = await buildServer({
    config,
    ...(options.workerRespawnDelayMs === undefined
      ? {}
      : { workerRespawnDelayMs: options.workerRespawnDelayMs }),
  });
  if (options.listen) await app.listen({ host: config.http.host, port: 0 });
  return {
    app,
    database,
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}

/** http://127.0.0.1:<port> of a listening app. */
export function baseUrl(app: FastifyInstance): string {
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('app is not listening');
  return `http://127.0.0.1:${address.port}`;
}
