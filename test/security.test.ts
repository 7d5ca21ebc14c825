import { mkdir } from 'node:fs/promises';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api } from './support/api.js';
import { baseUrl, startTestApp, type TestApp } from './support/app.js';
import { launchChromium } from './support/browser.js';

const PROBLEM = /^application\/problem\+json/;

/** helmet's defaults, which every response must carry. */
function expectSecurityHeaders(headers: Headers, what: string) {
  const h = (name: string) => headers.get(name) ?? `(no ${name} on ${what})`;
  expect(h('content-security-policy')).toMatch(/default-src 'self'/);
  // Points on a LAN reach the server over plain http: nothing may be upgraded to https.
  expect(h('content-security-policy')).not.toMatch(/upgrade-insecure-requests/);
  expect(h('x-content-type-options')).toBe('nosniff');
  expect(h('x-frame-options')).toBe('SAMEORIGIN');
  expect(h('strict-transport-security')).toMatch(/max-age=\d+/);
  expect(h('referrer-policy')).toBe('no-referrer');
  expect(h('cross-origin-opener-policy')).toBe('same-origin');
}

/** Sends raw bytes over TCP and returns whatever the server answers before it closes. */
function raw(
  port: number,
  request: string,
): Promise<{ status: number; headers: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      text += chunk;
    });
    socket.on('error', (err) => (text ? undefined : reject(err)));
    socket.on('close', () => {
      const [head = '', body = ''] = text.split('\r\n\r\n');
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]), headers: head, body });
    });
    socket.write(request);
  });
}

describe('security headers', () => {
  let t: TestApp;
  let url: string;
  beforeAll(async () => {
    t = await startTestApp({ listen: true });
    url = baseUrl(t.app);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('are on a JSON answer, a problem+json error, a 404, /health and /docs', async () => {
    const { token } = (await new Api(url).loginAdmin()) as { token: string };
    const me = await fetch(`${url}/api/v1/auth/me`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(me.status).toBe(200);
    expectSecurityHeaders(me.headers, 'GET /auth/me');

    const refused = await fetch(`${url}/api/v1/auth/me`);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('content-type')).toMatch(PROBLEM);
    expectSecurityHeaders(refused.headers, 'a 401');

    const missing = await fetch(`${url}/no/such/page`);
    expect(missing.status).toBe(404);
    expectSecurityHeaders(missing.headers, 'a 404');

    const health = await fetch(`${url}/health`);
    expect(health.status).toBe(200);
    expectSecurityHeaders(health.headers, '/health');

    const docs = await fetch(`${url}/docs/`);
    expect(docs.status).toBe(200);
    expect(docs.headers.get('content-type')).toMatch(/text\/html/);
    expect(docs.headers.get('x-content-type-options')).toBe('nosniff');
    expect(docs.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(docs.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    // Swagger UI's own policy: scripts from this origin only (inline code at most by hash).
    const scriptSrc = (docs.headers.get('content-security-policy') ?? '')
      .split(';')
      .find((d) => d.trim().startsWith('script-src '));
    expect(scriptSrc).toMatch(/'self'/);
    expect(scriptSrc).not.toMatch(/'unsafe-inline'|'unsafe-eval'|\*/);
  });

  describe("/docs in Debian's Chromium", () => {
    let browser: Browser;
    let page: Page;
    let csp: string | undefined;
    const violations: string[] = [];
    beforeAll(async () => {
      browser = await launchChromium();
      page = await browser.newPage();
      page.on('console', (msg) => {
        if (/Content Security Policy/i.test(msg.text())) violations.push(msg.text());
      });
      const response = await page.goto(`${url}/docs`);
      csp = (await response?.allHeaders())?.['content-security-policy'] ?? '(none)';
      await page.locator('.opblock').first().waitFor({ timeout: 15_000 });
      const dir = fileURLToPath(new URL('../test-results/', import.meta.url));
      await mkdir(dir, { recursive: true });
      await page.screenshot({ path: `${dir}docs.png` }); // for a person to look at
    }, 60_000);
    afterAll(async () => {
      await browser?.close();
    });

    it('Swagger UI renders the API under a content security policy', async () => {
      expect(csp).toMatch(/default-src 'self'/);
      await page.getByText('giaoban API').first().waitFor({ timeout: 5_000 });
      expect(await page.locator('.opblock').count()).toBeGreaterThan(10);
      expect(await page.locator('.opblock-summary-path').allTextContents()).toContain(
        '/api/v1/sessions',
      );
    });

    it('and the policy blocks nothing the page needs (no violation reported)', async () => {
      expect(csp).toMatch(/default-src 'self'/);
      await page.locator('.opblock-summary').first().click(); // an operation opens too
      await page.locator('.opblock-body').first().waitFor({ timeout: 5_000 });
      expect(violations).toEqual([]);
    });
  });

  it('errors before routing are problem+json with a stable code (real HTTP)', async () => {
    const badEncoding = await fetch(`${url}/api/v1/points/%ff`);
    expect(badEncoding.status).toBe(400);
    expect(badEncoding.headers.get('content-type')).toMatch(PROBLEM);
    expect(await badEncoding.json()).toMatchObject({ status: 400, code: 'BAD_REQUEST' });

    const longParam = await fetch(`${url}/api/v1/points/${'a'.repeat(101)}`);
    expect(longParam.status).toBe(414);
    expect(longParam.headers.get('content-type')).toMatch(PROBLEM);
    expect(await longParam.json()).toMatchObject({ status: 414, code: 'URI_TOO_LONG' });

    const port = Number(new URL(url).port);
    const bigHeaders = await raw(
      port,
      `GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Filler: ${'a'.repeat(17 * 1024)}\r\n\r\n`,
    );
    expect(bigHeaders.status).toBe(431);
    expect(bigHeaders.headers).toMatch(/content-type: application\/problem\+json/i);
    expect(JSON.parse(bigHeaders.body)).toMatchObject({ status: 431, code: 'HEADERS_TOO_LARGE' });

    const garbage = await raw(port, 'GARBAGE\r\n\r\n');
    expect(garbage.status).toBe(400);
    expect(garbage.headers).toMatch(/content-type: application\/problem\+json/i);
    expect(JSON.parse(garbage.body)).toMatchObject({ status: 400, code: 'BAD_REQUEST' });
  });
});

describe('/metrics', () => {
  const METRICS_TOKEN = 'metrics-token-for-tests-0123456789';
  let t: TestApp | undefined;
  afterAll(async () => {
    await t?.close();
  });
  const scrape = (headers: Record<string, string> = {}, remoteAddress = '127.0.0.1') =>
    (t as TestApp).app.inject({ method: 'GET', url: '/metrics', headers, remoteAddress });

  it('with METRICS_TOKEN: only the right bearer token gets the figures', async () => {
    t = await startTestApp({ env: { METRICS_TOKEN } });
    for (const authorization of [
      undefined,
      'Bearer wrong-token-wrong-token-wrong',
      METRICS_TOKEN,
    ]) {
      const res = await scrape(authorization ? { authorization } : {});
      expect(res.statusCode, String(authorization)).toBe(401);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.json()).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
    }
    const ok = await scrape({ authorization: `Bearer ${METRICS_TOKEN}` }, '10.1.2.3');
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['content-type']).toMatch(/^text\/plain/);
    expect(ok.body).toMatch(/^giaoban_mediasoup_workers_live 1$/m);
    await t.close();
    t = undefined;
  });

  it('without a token: loopback clients only', async () => {
    t = await startTestApp();
    const local = await scrape();
    expect(local.statusCode).toBe(200);
    expect(local.body).toMatch(/^giaoban_mediasoup_workers_live 1$/m);
    const remote = await scrape({}, '10.1.2.3');
    expect(remote.statusCode).toBe(403);
    expect(remote.headers['content-type']).toMatch(PROBLEM);
    expect(remote.json()).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    await t.close();
    t = undefined;
  });

  it('with METRICS_PORT: on a listener of their own, not on the main port', async () => {
    t = await startTestApp({ env: { METRICS_PORT: '0' } });
    const address = t.app.metricsAddress;
    expect(address?.port).toBeGreaterThan(0);
    const res = await fetch(`http://127.0.0.1:${address?.port}/metrics`);
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/^giaoban_mediasoup_workers_live 1$/m);
    expect((await scrape()).statusCode).toBe(404);
  });
});
