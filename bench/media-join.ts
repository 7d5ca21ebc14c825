// Join time as an operator sees it, and what real WebRTC consoles cost the
// worker among plain-RTP fakes. The real server runs in this process (so
// fake points can join its media room on plain RTP); the fakes' senders and
// receivers run in a process of their own (bench/rtp-fleet.ts). With real
// WebRTC in Debian's Chromium:
//   1. join time into an empty room: a point's console opens its socket →
//      first RTP packet of the hall, → first video packet (a key frame);
//   2. W Chromium consoles watching the hall: the worker's CPU per packet
//      with WebRTC only (SRTP, NACK, PLI, transport-wide congestion control:
//      the feedback plain RTP does not have);
//   3. F plain-RTP fakes added (a speaker among them, the hall's wall a page
//      of 9, as in a briefing): the worker's CPU per plain packet, once the
//      WebRTC packets are charged at the cost measured in 2 (Chromium takes
//      most of the two cores, so a difference of two windows would drown in
//      the fakes' own variation);
//   4. join time again, with the room full and the consoles watching.
import { setTimeout as sleep } from 'node:timers/promises';
import type { MediaRoom } from '../src/media/media-room.js';
import { launchChromium, openConsole, serveConsole } from '../test/support/browser.js';
import { joinPlain } from '../test/support/fake-point.js';
import { pointSsrcs } from '../test/support/rtp-replay.js';
import { startRtpFleet } from './rtp-fleet.js';
import { procStats, startGiaoban } from './support.js';

const WINDOW_MS = 15_000;
const WARM_MS = 4_000;
const WALL_PAGE = 9;

export interface JoinFigures {
  /** ms from the socket opening to the first RTP packet, per join. */
  rtp: number[];
  /** ms to the first video packet, per join. */
  video: number[];
}

export interface PacketCost {
  /** Packets into and out of the worker per second. */
  packetsPerSecond: number;
  workerCores: number;
  /** Worker CPU per packet, µs. */
  us: number;
}

export interface FullRoomFigures {
  empty: JoinFigures;
  full: JoinFigures;
  fakes: number;
  consoles: number;
  /** The hall's and the consoles' WebRTC traffic alone. */
  webRtc: PacketCost;
  /** The fakes' plain RTP, the WebRTC packets of the same window charged at `webRtc.us`. */
  plain: PacketCost;
}

/** Packets through the room's WebRTC peers so far (their producers in, their consumers out). */
async function webRtcPackets(room: MediaRoom, plainIds: Set<string>): Promise<number> {
  let total = 0;
  for (const peer of room.peers()) {
    if (plainIds.has(peer.id)) continue;
    const objects = [
      ...[...peer.producers.values()].map((p) => p.producer),
      ...peer.consumers.values(),
    ];
    for (const o of objects)
      for (const s of await o.getStats())
        if (s.type === 'inbound-rtp' || s.type === 'outbound-rtp') total += s.packetCount ?? 0;
  }
  return total;
}

export async function fullRoomJoins(
  samples: number,
  options: { fakes: number; consoles: number },
): Promise<FullRoomFigures> {
  const { fakes, consoles } = options;
  const giaoban = await startGiaoban(1 + consoles + samples + fakes, {
    status: 'live',
    inProcess: true,
  });
  const app = giaoban.app;
  if (!app) throw new Error('the server must run in this process');
  const site = await serveConsole();
  const browser = await launchChromium();
  const fleet = await startRtpFleet(fakes);
  const open = (token: string) =>
    openConsole(browser, site.url, { server: giaoban.url, token, sessionId: giaoban.sessionId });
  // Tokens and points in code order: the hall, the consoles, the joiners, the fakes.
  const tokens = giaoban.tokens;
  const watcherTokens = tokens.slice(1, 1 + consoles);
  const joinerTokens = tokens.slice(1 + consoles, 1 + consoles + samples);
  const points = (
    await giaoban.db.query<{ id: string; code: string }>(
      'select id, code from points order by code',
    )
  ).rows.slice(1 + consoles + samples);

  const joins = async (): Promise<JoinFigures> => {
    const rtp: number[] = [];
    const video: number[] = [];
    for (const token of joinerTokens) {
      const point = await open(token as string);
      const until = Date.now() + 20_000;
      let timing = await point.timing();
      while (
        (timing.firstRtpAt === undefined || timing.firstVideoAt === undefined) &&
        Date.now() < until
      ) {
        await sleep(20);
        timing = await point.timing();
      }
      if (timing.firstRtpAt === undefined || timing.firstVideoAt === undefined)
        throw new Error('a point received no media within 20 s');
      rtp.push(timing.firstRtpAt - timing.socketAt);
      video.push(timing.firstVideoAt - timing.socketAt);
      await point.close();
    }
    return { rtp, video };
  };

  try {
    const hall = await open(tokens[0] as string);
    const empty = await joins();

    const room = await app.media.room(giaoban.sessionId);
    const worker = app.sfu.workers()[0];
    if (!worker) throw new Error('no worker');
    const plainIds = new Set<string>();
    const window = async () => {
      await sleep(WARM_MS);
      const tally = async () => ({
        at: performance.now(),
        cpu: procStats(worker.pid).cpuSeconds,
        fleet: await fleet.tally(),
        webRtc: await webRtcPackets(room, plainIds),
      });
      const before = await tally();
      await sleep(WINDOW_MS);
      const after = await tally();
      const seconds = (after.at - before.at) / 1000;
      return {
        cores: (after.cpu - before.cpu) / seconds,
        plain:
          (after.fleet.sent - before.fleet.sent + (after.fleet.received - before.fleet.received)) /
          seconds,
        webRtc: (after.webRtc - before.webRtc) / seconds,
      };
    };

    const watchers = [];
    for (const token of watcherTokens) watchers.push(await open(token as string));
    const alone = await window();
    const webRtc: PacketCost = {
      packetsPerSecond: alone.webRtc,
      workerCores: alone.cores,
      us: (alone.cores / alone.webRtc) * 1e6,
    };

    const targets = [];
    for (const [i, p] of points.entries()) {
      const ssrcs = pointSsrcs();
      const joined = await joinPlain(
        room,
        { pointId: p.id, code: p.code, isHall: false },
        ssrcs,
        fleet.sinkPorts[i] as number,
      );
      plainIds.add(joined.peer.id);
      targets.push({ port: joined.sendPort, ssrcs });
    }
    // A briefing's shape: one fake holds the floor, the hall's wall shows a page.
    await room.setWallPage(points.slice(0, WALL_PAGE).map((p) => p.id));
    await room.setFloor(points[0]?.id ?? null);
    await fleet.send(targets);
    const mixed = await window();
    const plainCores = Math.max(0, mixed.cores - (mixed.webRtc * webRtc.us) / 1e6);
    const plain: PacketCost = {
      packetsPerSecond: mixed.plain,
      workerCores: plainCores,
      us: (plainCores / mixed.plain) * 1e6,
    };
    const full = await joins();
    for (const w of watchers) await w.close();
    await hall.close();
    return { empty, full, fakes, consoles, webRtc, plain };
  } finally {
    await fleet.stop();
    await browser.close();
    await site.close();
    await giaoban.stop();
  }
}
