import { useEffect, useState } from 'react';
import type { LiveSession } from '../api/live-session.js';
import { useStore } from '../ui/hooks.js';
import { type DeviceChoice, openLocalStream } from './devices.js';
import { MediaClient, type MediaState, type RemoteMedia } from './media-client.js';

/** The chosen camera and microphone; reopened when the choice changes. */
export function useLocalStream({ cameraId, micId }: DeviceChoice, enabled = true) {
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (!enabled) return;
    let cancelled = false;
    let opened: MediaStream | null = null;
    openLocalStream({ cameraId, micId, speakerId: null }).then(
      (s) => {
        if (cancelled) {
          for (const track of s.getTracks()) track.stop();
          return;
        }
        opened = s;
        setError(null);
        setStream(s);
      },
      (e) => !cancelled && setError(e),
    );
    return () => {
      cancelled = true;
      for (const track of opened?.getTracks() ?? []) track.stop();
    };
  }, [cameraId, micId, enabled]);
  return { stream, error };
}

const noMedia = { subscribe: () => () => {} };
const noRemotes: RemoteMedia[] = [];

/**
 * The point's media for the session: started when the session takes media
 * and the local stream is there; the tracks follow device changes.
 */
export function useMediaClient(
  live: LiveSession | null,
  stream: MediaStream | null,
  enabled: boolean,
) {
  const [media, setMedia] = useState<MediaClient | null>(null);
  useEffect(() => {
    if (!live || !enabled) return;
    const client = new MediaClient(live);
    setMedia(client);
    return () => {
      client.close();
      setMedia(null);
    };
  }, [live, enabled]);
  useEffect(() => {
    if (!media || !stream) return;
    const camera = stream.getVideoTracks()[0];
    const mic = stream.getAudioTracks()[0];
    if (media.state === 'idle') void media.start({ camera, mic });
    else {
      void media.setTrack('camera', camera ?? null).catch(() => {});
      void media.setTrack('mic', mic ?? null).catch(() => {});
    }
  }, [media, stream]);
  const state = useStore<MediaState>(media ?? noMedia, () => media?.state ?? 'idle');
  const remotes = useStore<RemoteMedia[]>(media ?? noMedia, () => media?.remotes ?? noRemotes);
  return { media, state, remotes };
}
