import { type ChildProcess, spawn } from 'node:child_process';
import dgram from 'node:dgram';

export interface RtpTarget {
  port: number;
  rtcpPort: number;
  payloadType: number;
  ssrc: number;
}

/**
 * Real media over RTP from Debian's ffmpeg: a VP8 test pattern and/or an
 * Opus tone, sent in real time to the given ports on 127.0.0.1.
 */
export function sendFfmpegRtp(options: {
  video?: RtpTarget;
  audio?: RtpTarget;
  seconds: number;
}): ChildProcess {
  const { video, audio, seconds } = options;
  const args = ['-hide_banner', '-loglevel', 'error', '-re'];
  if (video) args.push('-f', 'lavfi', '-i', `testsrc=size=320x240:rate=30:duration=${seconds}`);
  if (audio)
    args.push('-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${seconds}`);
  const url = (t: RtpTarget) => `rtp://127.0.0.1:${t.port}?rtcpport=${t.rtcpPort}&pkt_size=1200`;
  if (video) {
    args.push('-map', '0:v', '-c:v', 'libvpx', '-b:v', '300k', '-deadline', 'realtime');
    args.push('-cpu-used', '8', '-g', '30', '-payload_type', String(video.payloadType));
    args.push('-ssrc', String(video.ssrc), '-f', 'rtp', url(video));
  }
  if (audio) {
    args.push('-map', `${video ? 1 : 0}:a`, '-c:a', 'libopus', '-ac', '2', '-ar', '48000');
    args.push('-payload_type', String(audio.payloadType), '-ssrc', String(audio.ssrc));
    args.push('-f', 'rtp', url(audio));
  }
  return spawn('ffmpeg', args, { stdio: ['ignore', 'ignore', 'inherit'] });
}

/** A UDP socket on 127.0.0.1 counting the RTP packets it receives, by SSRC. */
export async function rtpSink() {
  const socket = dgram.createSocket('udp4');
  const packetsBySsrc = new Map<number, number>();
  socket.on('message', (msg) => {
    // RTP (version 2, payload types outside the RTCP range 200–206).
    if (msg.length < 12 || msg[0] === undefined || msg[0] >> 6 !== 2) return;
    const pt = (msg[1] ?? 0) & 0x7f;
    if (pt >= 72 && pt <= 76) return;
    const ssrc = msg.readUInt32BE(8);
    packetsBySsrc.set(ssrc, (packetsBySsrc.get(ssrc) ?? 0) + 1);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    port: socket.address().port,
    packets: (ssrc: number) => packetsBySsrc.get(ssrc) ?? 0,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
