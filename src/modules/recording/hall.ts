import type { MediaRoom } from '../../media/media-room.js';

/** Resolves when the central hall's camera is in the room, or after `ms`. */
export function hallCamera(room: MediaRoom, ms: number): Promise<void> {
  if (room.producers().some((m) => m.peer.isHall && m.source === 'camera'))
    return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      room.off('producer', onProducer);
      resolve();
    };
    const onProducer = (m: { source: string; peer: { isHall: boolean } }) => {
      if (m.peer.isHall && m.source === 'camera') done();
    };
    const timer = setTimeout(done, ms);
    room.on('producer', onProducer);
  });
}
