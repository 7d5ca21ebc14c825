import { EventEmitter } from 'node:events';
import { readFile } from 'node:fs/promises';
import { createWorker, type types } from 'mediasoup';
import type { MediaConfig } from '../config.js';
import type { Logger } from '../logger.js';

/**
 * UDP socket buffers of the media plane's sockets. A pipe carries every
 * producer of one worker to another in bursts; with the kernel's default
 * 208 KiB receive buffer the kernel drops packets from about a hundred points
 * on (BENCHMARKS.md). The kernel caps this at net.core.rmem_max / wmem_max.
 */
export const UDP_BUFFER_BYTES = 4 * 1024 * 1024;

export interface MediaWorkerOptions {
  /** Position in the pool; also decides the WebRtcServer port (rtcPort + index). */
  index: number;
  config: MediaConfig;
  log: Logger;
}

interface MediaWorkerEvents {
  /** The worker process exited without being asked to; 'closed' follows. */
  died: [error: Error];
  closed: [];
}

/**
 * One mediasoup worker process and the WebRtcServer it owns. Every WebRTC
 * transport of the worker goes through that server, so a worker needs one
 * UDP and one TCP port, whatever the number of participants.
 */
export class MediaWorker extends EventEmitter<MediaWorkerEvents> {
  readonly index: number;
  readonly #worker: types.Worker;
  readonly #webRtcServer: types.WebRtcServer;
  readonly #log: Logger;
  /** The UDP/TCP ports clients reach this worker's WebRtcServer on. */
  readonly ports: { udp: number | undefined; tcp: number | undefined };
  #closed = false;

  static async create({ index, config, log }: MediaWorkerOptions): Promise<MediaWorker> {
    const worker = await createWorker({
      workerBin: config.workerBin,
      logLevel: config.logLevel,
      logTags: ['info', 'ice', 'dtls', 'rtp', 'srtp', 'rtcp'],
      rtcMinPort: config.rtcMinPort,
      rtcMaxPort: config.rtcMaxPort,
      appData: { index },
    });
    try {
      const listen = (protocol: 'udp' | 'tcp'): types.TransportListenInfo => ({
        protocol,
        ip: config.listenIp,
        ...(config.announcedAddress ? { announcedAddress: config.announcedAddress } : {}),
        ...(config.rtcPort > 0
          ? { port: config.rtcPort + index }
          : { portRange: { min: config.rtcMinPort, max: config.rtcMaxPort } }),
        // Every point of the worker sends into this one socket.
        ...(protocol === 'udp'
          ? { recvBufferSize: UDP_BUFFER_BYTES, sendBufferSize: UDP_BUFFER_BYTES }
          : {}),
      });
      const webRtcServer = await worker.createWebRtcServer({
        listenInfos: [listen('udp'), listen('tcp')],
      });
      const dump = await webRtcServer.dump();
      const ports = { udp: dump.udpSockets[0]?.port, tcp: dump.tcpServers[0]?.port };
      return new MediaWorker(index, worker, webRtcServer, ports, log);
    } catch (error) {
      worker.close();
      throw error;
    }
  }

  private constructor(
    index: number,
    worker: types.Worker,
    webRtcServer: types.WebRtcServer,
    ports: MediaWorker['ports'],
    log: Logger,
  ) {
    super();
    this.index = index;
    this.ports = ports;
    this.#worker = worker;
    this.#webRtcServer = webRtcServer;
    this.#log = log.child({ worker: index, workerPid: worker.pid });
    worker.on('died', (error) => {
      this.#log.error({ err: error }, 'mediasoup worker died');
      this.emit('died', error);
      this.close();
    });
    this.#log.info({ ports: this.ports }, 'mediasoup worker running');
  }

  get pid(): number {
    return this.#worker.pid;
  }

  get worker(): types.Worker {
    return this.#worker;
  }

  get webRtcServer(): types.WebRtcServer {
    return this.#webRtcServer;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /**
   * CPU time and current memory of the worker process. Memory comes from
   * /proc where there is one: ru_maxrss of an exec'd child still counts the
   * forked Node parent's pages, so it overstates a fresh worker tenfold.
   */
  async resourceUsage(): Promise<{ cpuSeconds: number; rssBytes: number }> {
    const usage = await this.#worker.getResourceUsage();
    const cpuSeconds = (usage.ru_utime + usage.ru_stime) / 1000; // ms → s
    const status = await readFile(`/proc/${this.pid}/status`, 'utf8').catch(() => '');
    const vmRssKb = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
    return { cpuSeconds, rssBytes: (vmRssKb ? Number(vmRssKb) : usage.ru_maxrss) * 1024 };
  }

  /**
   * Stops the worker process. Resolves once the process has exited, so that
   * shutdown never leaves an orphan mediasoup-worker behind. Idempotent.
   */
  async close(): Promise<void> {
    const exited = this.#worker.subprocessClosed
      ? Promise.resolve()
      : new Promise<void>((resolve) => this.#worker.once('subprocessclose', () => resolve()));
    if (!this.#closed) {
      this.#closed = true;
      this.#worker.close();
      this.emit('closed');
    }
    await exited;
  }
}
