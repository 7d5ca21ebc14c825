import { execFile } from 'node:child_process';
import dgram from 'node:dgram';
import { promisify } from 'node:util';
import type { types } from 'mediasoup';

// How the recorder runs ffmpeg: its arguments, the SDP it reads, the ports
// it binds, and ffprobe's measure of a file.

export const AUDIO_PT = 111;

export function ffmpegArgs(
  options: { segmentSeconds: number },
  sdpPath: string,
  video: boolean,
): string[] {
  return [
    ...['-hide_banner', '-nostdin', '-loglevel', 'error'],
    ...['-protocol_whitelist', 'file,udp,rtp', '-fflags', '+genpts'],
    ...['-analyzeduration', '10M', '-probesize', '10M', '-reorder_queue_size', '64'],
    ...['-i', sdpPath],
    // Each slot follows its timestamps (gaps filled, overlaps cut), then the two are mixed.
    '-filter_complex',
    '[0:a:0]aresample=async=1000[h];[0:a:1]aresample=async=1000[f];[h][f]amix=inputs=2:duration=longest:dropout_transition=0:normalize=0[a]',
    ...['-map', '[a]', '-c:a', 'libopus', '-b:a', '48k'],
    ...(video ? ['-map', '0:v:0', '-c:v', 'copy'] : []),
    ...['-f', 'segment', '-segment_time', String(options.segmentSeconds)],
    ...['-segment_format', 'webm', '-reset_timestamps', '1'],
    // A cluster a second, written at once: a killed server loses at most that second.
    ...['-segment_format_options', 'cluster_time_limit=1000:flush_packets=1'],
    ...['-segment_list', 'segments.csv', '-segment_list_type', 'csv'],
    'seg-%04d.webm',
  ];
}

/** The SDP ffmpeg reads: the payload types are the consumers' (the router's), not the senders'. */
export function sdp(p: {
  hallPorts: number;
  floorPorts: number;
  videoPorts: number;
  video: types.Consumer | undefined;
}): string {
  const lines = ['v=0', 'o=- 0 0 IN IP4 127.0.0.1', 's=giaoban', 'c=IN IP4 127.0.0.1', 't=0 0'];
  for (const port of [p.hallPorts, p.floorPorts])
    lines.push(
      `m=audio ${port} RTP/AVP ${AUDIO_PT}`,
      `a=rtcp:${port + 1}`,
      `a=rtpmap:${AUDIO_PT} opus/48000/2`,
      'a=recvonly',
    );
  const codec = p.video?.rtpParameters.codecs[0];
  if (codec)
    lines.push(
      `m=video ${p.videoPorts} RTP/AVP ${codec.payloadType}`,
      `a=rtcp:${p.videoPorts + 1}`,
      `a=rtpmap:${codec.payloadType} VP8/90000`,
      'a=recvonly',
    );
  return `${lines.join('\n')}\n`;
}

/** Two consecutive free UDP ports on 127.0.0.1 (RTP and RTCP) for ffmpeg to bind. */
export async function freeUdpPair(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const a = dgram.createSocket('udp4');
    const b = dgram.createSocket('udp4');
    try {
      const port = await bind(a, 0);
      if (port % 2 === 0 && port < 65535) {
        await bind(b, port + 1);
        return port;
      }
    } catch {
      // taken: try another
    } finally {
      for (const s of [a, b])
        try {
          s.close();
        } catch {
          // never bound
        }
    }
  }
  throw new Error('no free UDP port pair for the recorder');
}

function bind(socket: dgram.Socket, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(port, '127.0.0.1', () => resolve(socket.address().port));
  });
}

const run = promisify(execFile);

/** A media file's length in seconds, from its packets (a file cut short has no length in its header). */
export async function probeSeconds(ffprobe: string, file: string): Promise<number> {
  const { stdout } = await run(
    ffprobe,
    ['-v', 'error', '-show_entries', 'packet=pts_time,duration_time', '-of', 'csv=p=0', file],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  let end = 0;
  for (const line of stdout.split('\n')) {
    const [pts, dur] = line.split(',').map(Number);
    if (pts !== undefined && Number.isFinite(pts))
      end = Math.max(end, pts + (dur !== undefined && Number.isFinite(dur) ? dur : 0));
  }
  return end;
}
