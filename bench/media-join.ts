// Join time as an operator sees it: from the moment a point's console opens
// its socket until the first RTP packet of the hall arrives (and the first
// video packet, which waits for a key frame), with real WebRTC in Debian's
// Chromium against the real server, one point joining after another while
// the central hall sends.
import { setTimeout as sleep } from 'node:timers/promises';
import { launchChromium, openConsole, serveConsole } from '../test/support/browser.js';
import { startGiaoban } from './support.js';

export async function joinTimes(samples: number): Promise<{ rtp: number[]; video: number[] }> {
  const giaoban = await startGiaoban(samples + 1, { status: 'live' });
  const site = await serveConsole();
  const browser = await launchChromium();
  const open = (token: string) =>
    openConsole(browser, site.url, { server: giaoban.url, token, sessionId: giaoban.sessionId });
  try {
    // tokens[0] is the central hall's: everyone receives it.
    const hall = await open(giaoban.tokens[0] as string);
    const rtp: number[] = [];
    const video: number[] = [];
    for (const token of giaoban.tokens.slice(1)) {
      const point = await open(token);
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
    await hall.close();
    return { rtp, video };
  } finally {
    await browser.close();
    await site.close();
    await giaoban.stop();
  }
}
