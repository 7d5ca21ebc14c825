import closeWithGrace from 'close-with-grace';
import { buildServer } from './build.js';
import { ConfigError, loadConfig } from './config.js';

/** Shutdown must finish inside 5 s; leave margin for the process to exit. */
const SHUTDOWN_DELAY_MS = 4_500;

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}

const server = await buildServer({ config }).catch((error: unknown) => {
  process.stderr.write(`giaoban could not start: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});

closeWithGrace({ delay: SHUTDOWN_DELAY_MS, logger: server.log }, async ({ signal, err }) => {
  if (err) server.log.error({ err }, 'fatal error, shutting down');
  else server.log.info({ signal }, 'shutting down');
  await server.close();
});

try {
  // A deep accept queue: after a network blip thousands of points reconnect at once.
  await server.listen({ port: config.http.port, host: config.http.host, backlog: 4096 });
} catch (error) {
  server.log.fatal({ err: error }, 'could not listen');
  await server.close();
  process.exit(1);
}
