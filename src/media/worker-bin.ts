import { accessSync, constants } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { version as mediasoupVersion, workerBin as mediasoupWorkerBin } from 'mediasoup';

/**
 * Where scripts/mediasoup-worker/build.sh caches the worker it builds offline,
 * keyed by mediasoup version. Keep in step with that script.
 */
export function cachedWorkerBin(environment: NodeJS.ProcessEnv = process.env): string {
  const cacheRoot =
    environment.GIAOBAN_CACHE_DIR ??
    path.join(environment.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'giaoban');
  return path.join(cacheRoot, 'mediasoup-worker', mediasoupVersion, 'mediasoup-worker');
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The mediasoup-worker binary to run: the explicit one if given, else the one
 * mediasoup's install put in node_modules (prebuilt download), else the one
 * the offline build cached. Throws with what to do when there is none.
 */
export function resolveWorkerBin(explicit?: string): string {
  if (explicit) {
    const file = path.resolve(explicit);
    if (!isExecutable(file)) throw new Error(`${file} is not an executable file`);
    return file;
  }
  // mediasoup.workerBin already honours MEDIASOUP_WORKER_BIN from the environment.
  for (const candidate of [mediasoupWorkerBin, cachedWorkerBin()]) {
    if (isExecutable(candidate)) return candidate;
  }
  throw new Error(
    `no mediasoup-worker binary found (looked at ${mediasoupWorkerBin} and ${cachedWorkerBin()}); run \`npm run setup\``,
  );
}
