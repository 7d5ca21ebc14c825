import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { type Browser, chromium, type Page } from 'playwright-core';

const pageDir = fileURLToPath(new URL('../e2e/page/', import.meta.url));

/** The page's global, as the console script defines it (evaluated inside the browser; typed in test/e2e/page/client.ts). */
declare const window: { giaoban: any };

/** The test console (mediasoup-client + socket.io-client) bundled for the browser and served on localhost. */
export async function serveConsole(): Promise<{ url: string; close(): Promise<void> }> {
  const bundle = await build({
    entryPoints: [`${pageDir}client.ts`],
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  const script = bundle.outputFiles[0]?.text ?? '';
  const html = await readFile(`${pageDir}index.html`, 'utf8');
  const server: Server = createServer((req, res) => {
    if (req.url?.startsWith('/client.js')) {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(script);
    } else {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Debian's Chromium, headless, with a fake camera and microphone. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      '--autoplay-policy=no-user-gesture-required',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  });
}

/** A video consumer as a console saw it (Date.now() times; see test/e2e/page/client.ts). */
export interface VideoSeen {
  consumerId: string;
  code: string;
  source: string;
  offeredAt: number;
  ackedAt?: number;
  firstFrameAt?: number;
  widths: Array<{ at: number; width: number }>;
}

export interface Console {
  page: Page;
  /** What the console receives, per consumer. */
  received(): Promise<
    Array<{ code: string; source: string; kind: string; bytes: number; frameWidth: number }>
  >;
  state(): Promise<{
    ready: boolean;
    resets: number;
    recoveries: number;
    reconnects: number;
    errors: string[];
  }>;
  /** Drops the console's socket.io line (not its media); it reconnects by itself. */
  dropSignalling(): Promise<void>;
  /** performance.now() in the page: socket opened, first RTP packet, first video packet. */
  timing(): Promise<{ socketAt: number; firstRtpAt?: number; firstVideoAt?: number }>;
  /** Floor moves it heard of (floor:granted), its video consumers' frames (Date.now() times), its media:mic notices. */
  timeline(): Promise<{
    floors: Array<{ code: string; at: number }>;
    videos: VideoSeen[];
    mics: boolean[];
  }>;
  emit(event: string, payload: unknown): Promise<any>;
  /** Closes the page and its context: the point leaves. */
  close(): Promise<void>;
}

/** Opens the console for a point in its own browser context (its own camera and microphone). */
export async function openConsole(
  browser: Browser,
  consoleUrl: string,
  query: { server: string; token: string; sessionId: string },
): Promise<Console> {
  const context = await browser.newContext({ permissions: ['camera', 'microphone'] });
  const page = await context.newPage();
  await page.goto(`${consoleUrl}?${new URLSearchParams(query)}`);
  await page.waitForFunction(() => window.giaoban?.state.ready === true, null, { timeout: 30_000 });
  return {
    page,
    received: () => page.evaluate(() => window.giaoban.received()),
    state: () =>
      page.evaluate(() => {
        const s = window.giaoban.state;
        return {
          ready: s.ready,
          resets: s.resets,
          recoveries: s.recoveries,
          reconnects: s.reconnects,
          errors: s.errors,
        };
      }),
    dropSignalling: () => page.evaluate(() => window.giaoban.dropSignalling()),
    timing: () =>
      page.evaluate(() => {
        const s = window.giaoban.state;
        return { socketAt: s.socketAt, firstRtpAt: s.firstRtpAt, firstVideoAt: s.firstVideoAt };
      }),
    timeline: () =>
      page.evaluate(() => {
        const s = window.giaoban.state;
        return { floors: s.floors, videos: s.videos, mics: s.mics };
      }),
    emit: (event, payload) =>
      page.evaluate(([e, p]) => window.giaoban.emit(e, p), [event, payload] as const),
    close: () => context.close(),
  };
}
