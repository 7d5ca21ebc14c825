import { io, type Socket } from 'socket.io-client';
import type { Ack } from '../../src/contract/index.js';

/**
 * A real socket.io client as an operator console or a moderator's dashboard
 * would run it: reconnects by itself, sends `sessionId` in the handshake so
 * the server puts it back into the session, and records what it receives.
 */
export class TestClient {
  readonly socket: Socket;
  readonly received: Array<{ event: string; payload: any }> = [];
  /** With a `sessionId` in the handshake: the snapshot the server pushes after the first connection. */
  readonly firstSnapshot: Promise<any>;

  private constructor(socket: Socket) {
    this.socket = socket;
    socket.onAny((event, payload) => this.received.push({ event, payload }));
    // Listening from the start: the server may push before `connect` resolves here.
    this.firstSnapshot = this.next('session:snapshot');
    this.firstSnapshot.catch(() => {});
  }

  static async connect(url: string, token: string, sessionId?: string): Promise<TestClient> {
    const socket = io(url, {
      transports: ['websocket'],
      auth: sessionId ? { token, sessionId } : { token },
      reconnectionDelay: 100,
      reconnectionDelayMax: 500,
      timeout: 5000,
    });
    const client = new TestClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', (err) => reject(err));
    });
    return client;
  }

  /** Emits with an ack and resolves with the server's answer. */
  emit<T = any>(event: string, payload?: unknown, timeoutMs = 10_000): Promise<Ack<T>> {
    return this.socket.timeout(timeoutMs).emitWithAck(event, payload) as Promise<Ack<T>>;
  }

  /** Resolves with the next `event` received after this call that matches. */
  next<T = any>(
    event: string,
    match: (payload: T) => boolean = () => true,
    timeoutMs = 10_000,
  ): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.socket.off(event, listener);
        reject(new Error(`no ${event} within ${timeoutMs} ms`));
      }, timeoutMs);
      const listener = (payload: T) => {
        if (!match(payload)) return;
        clearTimeout(timer);
        this.socket.off(event, listener);
        resolve(payload);
      };
      this.socket.on(event, listener);
    });
  }

  /** The line drops (the transport closes under the client); the client reconnects by itself. */
  drop(): void {
    this.socket.io.engine.close();
  }

  close(): void {
    this.socket.close();
  }
}

export async function waitUntil(
  check: () => Promise<boolean> | boolean,
  timeoutMs = 10_000,
  stepMs = 50,
) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, stepMs));
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}
