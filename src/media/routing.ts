/**
 * Who receives what in a briefing. Not a grid of equals:
 * - the central hall (the chair, the presentation) goes to every point;
 * - the point holding the floor goes to every point and to the hall;
 * - every point's camera goes to the hall's video wall, at the lowest layer
 *   (the speaker at the highest);
 * - microphones are open only for the floor holder or a point a moderator
 *   opened, and closed for a point a moderator silenced. The SFU enforces it:
 *   a closed microphone's producer is paused, whatever the client sends.
 */
import type { MediaSource } from '../contract/index.js';

export type { MediaSource } from '../contract/index.js';
export type Layer = 'low' | 'high';

/** A moderator's word on a point's microphone; none: the floor decides. */
export type MicOverride = 'open' | 'closed';

export interface RoutingContext {
  /** The point holding the floor, if any. */
  floorPointId: string | null;
  /** A moderator's word on a point's microphone: opened without the floor, or silenced. */
  micOverride: ReadonlyMap<string, MicOverride>;
}

export interface Endpoint {
  pointId: string;
  isHall: boolean;
  /** In a technical test run: receives its own camera and microphone back. */
  echo?: boolean;
}

/** Whether `pointId`'s microphone may be heard. The hall's always may: the chair presides. */
export function micOpen(point: Endpoint, ctx: RoutingContext): boolean {
  if (point.isHall) return true;
  const override = ctx.micOverride.get(point.pointId);
  if (override) return override === 'open';
  return ctx.floorPointId === point.pointId;
}

/**
 * Whether `receiver` should consume `source` from `sender`, and at which
 * layer (video); null: no consumer.
 */
export function route(
  receiver: Endpoint,
  sender: Endpoint,
  source: MediaSource,
  ctx: RoutingContext,
): { layer: Layer } | null {
  // One's own media comes back only to the same peer, in a test run.
  if (receiver.pointId === sender.pointId)
    return receiver === sender && receiver.echo && source !== 'screen' ? { layer: 'high' } : null;
  if (sender.isHall) return { layer: 'high' };
  const speaking = ctx.floorPointId === sender.pointId;
  switch (source) {
    case 'mic':
      return micOpen(sender, ctx) ? { layer: 'high' } : null;
    case 'camera':
      if (speaking) return { layer: 'high' };
      return receiver.isHall ? { layer: 'low' } : null;
    case 'screen':
      return speaking ? { layer: 'high' } : null;
  }
}
