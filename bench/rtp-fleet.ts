// Fake points' RTP from a process of their own: their senders and receivers
// must not share the event loop of the server being measured when it runs
// in the benchmark's process (bench/media-join.ts).
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import type { PointSsrcs } from '../test/support/rtp-replay.js';
import { root } from './support.js';

export interface FleetTally {
  /** RTP packets the fleet's sinks received. */
  received: number;
  /** RTP packets its senders sent. */
  sent: number;
}

export interface RtpFleet {
  pid: number;
  /** One receiving port per fake point, where its receive transport sends. */
  sinkPorts: number[];
  /** Starts each fake point sending its microphone and three camera layers to `port`. */
  send(targets: Array<{ port: number; ssrcs: PointSsrcs }>): Promise<void>;
  tally(): Promise<FleetTally>;
  stop(): Promise<void>;
}

type Reply = { id: number; value: unknown };

export async function startRtpFleet(count: number): Promise<RtpFleet> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'bench/rtp-fleet-child.ts', String(count)],
    { cwd: root, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  );
  let next = 0;
  const waiting = new Map<number, (value: unknown) => void>();
  child.on('message', (m: Reply) => waiting.get(m.id)?.(m.value));
  const ask = <T>(command: string, args?: unknown): Promise<T> =>
    new Promise((resolve, reject) => {
      const id = next++;
      waiting.set(id, (v) => {
        waiting.delete(id);
        resolve(v as T);
      });
      child.send({ id, command, args }, (e) => e && reject(e));
    });
  const sinkPorts = await ask<number[]>('sinks');
  return {
    pid: child.pid as number,
    sinkPorts,
    send: (targets) => ask('send', targets),
    tally: () => ask<FleetTally>('tally'),
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}
