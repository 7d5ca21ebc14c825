import type { QueueEntry } from '../../contract/index.js';

/**
 * The queue as a connection point needs it: who comes next (the head), its
 * own place, and how long the queue is — not the whole list, which at
 * national scale (thousands of points, every one told of every change)
 * would make each change cost the queue's size times the number of points.
 */
export const QUEUE_HEAD = 3;

export function pointQueue(queue: readonly QueueEntry[], code: string | null): QueueEntry[] {
  return queue.filter((e, i) => i < QUEUE_HEAD || e.code === code);
}

/** The codes of the points queued beyond the head: each is told its own place apart. */
export function queuedBeyondHead(queue: readonly QueueEntry[]): string[] {
  return [...new Set(queue.slice(QUEUE_HEAD).map((e) => e.code))];
}
