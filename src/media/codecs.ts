import type { types } from 'mediasoup';

/**
 * What every briefing router speaks. Opus for all audio; VP8 first for video
 * (every browser, simulcast), H.264 baseline for hardware room systems.
 */
export const mediaCodecs: types.RouterRtpCodecCapability[] = [
  { kind: 'audio', mimeType: 'audio/opus', clockRate: 48000, channels: 2 },
  {
    kind: 'video',
    mimeType: 'video/VP8',
    clockRate: 90000,
    parameters: { 'x-google-start-bitrate': 1000 },
  },
  {
    kind: 'video',
    mimeType: 'video/H264',
    clockRate: 90000,
    parameters: {
      'packetization-mode': 1,
      'profile-level-id': '42e01f',
      'level-asymmetry-allowed': 1,
    },
  },
];

const ABS_CAPTURE_TIME = 'http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time';

/**
 * The router's capabilities as offered to clients, without abs-capture-time.
 * With that extension negotiated, a producer piped to another worker's router
 * takes its capture instants from it, and in mediasoup 3.27.1 the piped copy
 * then never learns them for the layers other than the first one it saw: the
 * hall's consumer stays on whatever layer it started with, so the speaker is
 * not raised to high resolution and the wall may get a point in medium. RTCP
 * Sender Reports (which cross pipes) serve the same purpose for us.
 */
export function clientRtpCapabilities(router: types.Router): types.RtpCapabilities {
  const { headerExtensions = [], ...rest } = router.rtpCapabilities;
  return { ...rest, headerExtensions: headerExtensions.filter((e) => e.uri !== ABS_CAPTURE_TIME) };
}

/** A client's sending parameters without the extensions we do not offer (see above). */
export function withoutUnofferedExtensions(rtp: types.RtpParameters): types.RtpParameters {
  return {
    ...rtp,
    headerExtensions: (rtp.headerExtensions ?? []).filter((e) => e.uri !== ABS_CAPTURE_TIME),
  };
}
