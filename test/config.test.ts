import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, configTable, loadConfig } from '../src/config.js';

function problemsOf(env: Record<string, string>) {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => p.variable);
    throw error;
  }
  return [];
}

describe('configuration', () => {
  it('defaults to PGlite in ./data, port 3000 and one worker per core', () => {
    const config = loadConfig({});
    expect(config.http).toEqual({ host: '0.0.0.0', port: 3000, trustProxy: false });
    expect(config.db).toEqual({ kind: 'pglite', dataDir: path.resolve('data') });
    expect(config.media.workers).toBe(os.availableParallelism());
    expect(config.media.rtcPort).toBe(40000);
    expect(config.media.announcedAddress).toBeTruthy();
    expect(config.logLevel).toBe('info');
    expect(config.auth).toEqual({
      adminUsername: 'admin',
      adminPassword: undefined,
      secret: undefined,
      tokenTtlSeconds: 900,
      loginRateLimitPerMinute: 10,
      scryptLogN: 17,
    });
    expect(config.seedPoints).toBeUndefined();
    expect(config.scheduling).toEqual({
      convener: 'Ban Tổ chức Trung ương',
      minNoticeHours: 72,
      checkinWindowMinutes: 120,
      speech: { seconds: 300, warningSeconds: 30, overrun: 'end' },
    });
    // Metrics: neither a token nor a port of their own (then loopback only).
    expect(config.metrics).toEqual({ token: undefined, listener: undefined });
  });

  it('metrics by token, or on a port of their own', () => {
    expect(loadConfig({ METRICS_TOKEN: 'a-long-enough-token' }).metrics.token).toBe(
      'a-long-enough-token',
    );
    expect(loadConfig({ METRICS_PORT: '9464' }).metrics.listener).toEqual({
      port: 9464,
      host: '127.0.0.1',
    });
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
  });

  it('switches to PostgreSQL when DATABASE_URL is set', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u@db:5432/x', DATABASE_POOL_SIZE: '4' });
    expect(config.db).toEqual({ kind: 'postgres', url: 'postgres://u@db:5432/x', poolSize: 4 });
  });

  it('converts numbers and treats empty values as unset', () => {
    const config = loadConfig({ PORT: '8080', MEDIASOUP_WORKERS: '3', HOST: '', RTC_PORT: ' 0 ' });
    expect(config.http).toEqual({ host: '0.0.0.0', port: 8080, trustProxy: false });
    expect(config.media.workers).toBe(3);
    expect(config.media.rtcPort).toBe(0);
  });

  it('names every bad variable at once', () => {
    expect(problemsOf({ PORT: 'abc' })).toEqual(['PORT']);
    expect(problemsOf({ PORT: '70000', LOG_LEVEL: 'chatty', DATABASE_URL: 'mysql://x' })).toEqual([
      'PORT',
      'LOG_LEVEL',
      'DATABASE_URL',
    ]);
    expect(problemsOf({ MEDIASOUP_WORKERS: '0' })).toEqual(['MEDIASOUP_WORKERS']);
    expect(
      problemsOf({ SEED_POINTS: '2020', ADMIN_PASSWORD: 'short', AUTH_SECRET: 'tiny' }),
    ).toEqual(['ADMIN_PASSWORD', 'SEED_POINTS', 'AUTH_SECRET']);
    expect(problemsOf({ RTC_MIN_PORT: '5000', RTC_MAX_PORT: '4000' })).toEqual(['RTC_MIN_PORT']);
    expect(problemsOf({ MEDIASOUP_WORKER_BIN: '/nonexistent/mediasoup-worker' })).toEqual([
      'MEDIASOUP_WORKER_BIN',
    ]);
  });

  it('the README documents every variable with its default', async () => {
    const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
    const rows = new Map(
      readme
        .split('\n')
        .filter((line) => line.startsWith('| `'))
        .map((line) => line.split('|').map((cell) => cell.trim()))
        .map(([, name, def, meaning]) => [name, { def, meaning }]),
    );
    for (const row of configTable()) {
      expect(rows.get(`\`${row.variable}\``), `README row for ${row.variable}`).toEqual({
        def: row.default,
        meaning: row.description,
      });
    }
  });
});
