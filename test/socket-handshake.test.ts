import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, startTestApp, type TestApp } from './support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ listen: true });
});
afterAll(async () => {
  await t?.close();
});

/** Connects once (no retries) and reports how the handshake ended. */
function attempt(auth?: Record<string, unknown>): Promise<{ connected: boolean; error?: string }> {
  const socket: Socket = connect(baseUrl(t.app), {
    path: '/socket.io',
    transports: ['websocket'],
    reconnection: false,
    ...(auth ? { auth } : {}),
  });
  return new Promise((resolve) => {
    socket.on('connect', () => {
      socket.close();
      resolve({ connected: true });
    });
    socket.on('connect_error', (err) => {
      socket.close();
      resolve({ connected: false, error: err.message });
    });
  });
}

describe('socket.io handshake', () => {
  it('refuses a connection without a token with AUTH_REQUIRED', async () => {
    expect(await attempt()).toEqual({ connected: false, error: 'AUTH_REQUIRED' });
    expect(await attempt({ token: '' })).toEqual({ connected: false, error: 'AUTH_REQUIRED' });
    expect(await attempt({ token: 42 })).toEqual({ connected: false, error: 'AUTH_REQUIRED' });
  });

  it('refuses a token that is neither a login token nor a credential (AUTH_INVALID)', async () => {
    expect(await attempt({ token: 'made-up' })).toEqual({
      connected: false,
      error: 'AUTH_INVALID',
    });
    expect(t.app.io.of('/').sockets.size).toBe(0);
  });

  it('socket.io answers on the HTTP port, under /socket.io', async () => {
    const res = await fetch(`${baseUrl(t.app)}/socket.io/?EIO=4&transport=polling`);
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/^0\{"sid":/);
  });
});
