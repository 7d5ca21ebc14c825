import { describe, expect, it } from 'vitest';
import type { RecordingStatusView } from '../../src/contract/index.js';
import type { PartRow, SegmentRow } from '../../src/modules/recording/store.js';
import { buildIndex } from '../../src/modules/recording/timeline.js';

/** Two parts with a 3-second gap between them (a worker failure); speeches across both. */
const t0 = Date.parse('2026-12-01T08:00:00Z');
const at = (s: number) => new Date(t0 + s * 1000);
const part = (id: string, seq: number, start: number): PartRow => ({
  id,
  sessionId: 's',
  seq,
  dir: `s/part-${seq}`,
  startedAt: at(start),
  endedAt: null,
  status: 'finished',
  endReason: null,
  hasVideo: true,
});
const seg = (partId: string, seq: number, startMs: number, durationMs: number): SegmentRow => ({
  id: `${partId}-${seq}`,
  partId,
  sessionId: 's',
  seq,
  file: `seg-${seq}.webm`,
  startMs,
  durationMs,
  bytes: 1000,
  createdAt: new Date(),
});
const status = { sessionId: 's' } as RecordingStatusView;

const index = buildIndex({
  status,
  parts: [part('p1', 1, 0), part('p2', 2, 13)],
  // Part 1: 0–10 s in two files; part 2 (from 13 s): 0–8 s in two files.
  segments: [
    seg('p1', 0, 0, 6000),
    seg('p1', 1, 6000, 4000),
    seg('p2', 0, 0, 5000),
    seg('p2', 1, 5000, 3000),
  ],
  speeches: [
    { entryId: 'a', code: 'A', name: 'A', startedAt: at(2), endedAt: at(7) },
    { entryId: 'b', code: 'B', name: 'B', startedAt: at(8), endedAt: at(19) },
    { entryId: 'c', code: 'C', name: 'C', startedAt: at(11), endedAt: at(30) },
  ],
  segmentUrl: (id) => `/f/${id}`,
});

describe('the recording as one timeline', () => {
  it('parts follow one another with the gaps left out, and the gaps are listed', () => {
    expect(index.totalSeconds).toBe(18);
    expect(index.parts.map((p) => [p.offsetSeconds, p.durationSeconds])).toEqual([
      [0, 10],
      [10, 8],
    ]);
    expect(index.parts[1]?.segments.map((s) => s.offsetSeconds)).toEqual([10, 15]);
    expect(index.gaps).toEqual([
      { afterPart: 1, from: at(10).toISOString(), to: at(13).toISOString(), seconds: 3 },
    ]);
  });

  it('a speech is placed by its wall-clock times: part, file and offset within the file', () => {
    const [a, b, c] = index.speeches;
    expect(a?.start).toEqual({
      offsetSeconds: 2,
      partSeq: 1,
      segmentId: 'p1-0',
      segmentOffsetSeconds: 2,
      inGap: false,
    });
    expect(a?.end).toEqual({
      offsetSeconds: 7,
      partSeq: 1,
      segmentId: 'p1-1',
      segmentOffsetSeconds: 1,
      inGap: false,
    });
    // Ends in part 2: 10 s of part 1, then 6 s into part 2 (its second file, 1 s in).
    expect(b?.end).toEqual({
      offsetSeconds: 16,
      partSeq: 2,
      segmentId: 'p2-1',
      segmentOffsetSeconds: 1,
      inGap: false,
    });
    // Starts in the gap: placed at the start of part 2; ends after the recording: at its end.
    expect(c?.start).toMatchObject({
      offsetSeconds: 10,
      partSeq: 2,
      segmentOffsetSeconds: 0,
      inGap: true,
    });
    expect(c?.end).toMatchObject({ offsetSeconds: 18, partSeq: 2, inGap: true });
  });

  it('without parts nothing is placed', () => {
    const empty = buildIndex({
      status,
      parts: [],
      segments: [],
      speeches: [{ entryId: 'a', code: 'A', name: 'A', startedAt: at(1), endedAt: null }],
      segmentUrl: (id) => id,
    });
    expect(empty.speeches[0]).toMatchObject({ start: null, end: null });
    expect(empty.totalSeconds).toBe(0);
  });
});
