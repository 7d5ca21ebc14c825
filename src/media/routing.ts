/**
 * Who receives what in a briefing. Not a grid of equals:
 * - the central hall (the chair, the presentation) goes to every point;
 * - the point holding the floor goes to every point and to the hall;
 * - every point's camera goes to the hall's video wall, at the lowest layer
 *   (the speaker at the highest) — or, when the hall's wall shows a page of
 *   points (national scale: thousands of points), only the points on it;
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
  /** The points the hall's wall shows now; null or absent: every point. */
  wallPage?: ReadonlySet<string> | null;
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
      return receiver.isHall && onWall(sender, ctx) ? { layer: 'low' } : null;
    case 'screen':
      return speaking ? { layer: 'high' } : null;
  }
}

/** Whether the hall's wall shows this point now. */
export function onWall(point: Endpoint, ctx: RoutingContext): boolean {
  return !ctx.wallPage || ctx.wallPage.has(point.pointId);
}

/**
 * Who can possibly receive `source` from `sender` (a superset of where
 * `route` says yes): every peer, the halls, the sender itself (a test run).
 * A change to one producer then looks at these receivers only, not the room.
 */
export function reach(
  sender: Endpoint,
  source: MediaSource,
  ctx: RoutingContext,
): { everyone: boolean; halls: boolean; self: boolean } {
  const self = sender.echo === true && source !== 'screen';
  if (sender.isHall) return { everyone: true, halls: true, self };
  const speaking = ctx.floorPointId === sender.pointId;
  switch (source) {
    case 'mic':
      return { everyone: micOpen(sender, ctx), halls: false, self };
    case 'camera':
      return { everyone: speaking, halls: onWall(sender, ctx), self };
    case 'screen':
      return { everyone: speaking, halls: false, self };
  }
}

/**
 * Whose producers a receiver can possibly want (a superset of where `route`
 * says yes): everyone's for a hall; otherwise the halls, the floor holder,
 * points whose microphone a moderator opened, and itself (a test run).
 */
export function interestingPoints(receiver: Endpoint, ctx: RoutingContext): 'all' | Set<string> {
  if (receiver.isHall) return 'all';
  const points = new Set<string>([receiver.pointId]);
  if (ctx.floorPointId) points.add(ctx.floorPointId);
  for (const [pointId, override] of ctx.micOverride) if (override === 'open') points.add(pointId);
  return points; // and every hall, which the room keeps apart
}
