import type {
  RecordedSpeech,
  RecordingIndex,
  RecordingPart,
  RecordingPlace,
  RecordingStatusView,
} from '../../contract/index.js';
import type { PartRow, SegmentRow } from './store.js';

const seconds = (ms: number) => Math.round(ms) / 1000;

interface PlacedPart {
  row: PartRow;
  segments: SegmentRow[];
  /** Where it begins in the whole recording, and how long it is, ms. */
  offsetMs: number;
  durationMs: number;
}

/**
 * The recording as one timeline: parts one after the other (the gaps between
 * them left out), each part's segments at their place, and every speech of
 * the register placed by its wall-clock start and end.
 */
export function buildIndex(input: {
  status: RecordingStatusView;
  parts: PartRow[];
  segments: SegmentRow[];
  speeches: Array<{
    entryId: string;
    code: string;
    name: string;
    startedAt: Date | null;
    endedAt: Date | null;
  }>;
  segmentUrl: (id: string) => string;
}): RecordingIndex {
  let offsetMs = 0;
  const placed: PlacedPart[] = input.parts.map((row) => {
    const segments = input.segments.filter((s) => s.partId === row.id);
    const durationMs = segments.reduce((end, s) => Math.max(end, s.startMs + s.durationMs), 0);
    const part = { row, segments, offsetMs, durationMs };
    offsetMs += durationMs;
    return part;
  });
  const parts: RecordingPart[] = placed.map((p) => ({
    id: p.row.id,
    seq: p.row.seq,
    startedAt: p.row.startedAt.toISOString(),
    endedAt: p.row.endedAt?.toISOString() ?? null,
    status: p.row.status as RecordingPart['status'],
    endReason: p.row.endReason,
    hasVideo: p.row.hasVideo,
    offsetSeconds: seconds(p.offsetMs),
    durationSeconds: seconds(p.durationMs),
    segments: p.segments.map((s) => ({
      id: s.id,
      seq: s.seq,
      startSeconds: seconds(s.startMs),
      offsetSeconds: seconds(p.offsetMs + s.startMs),
      durationSeconds: seconds(s.durationMs),
      bytes: s.bytes,
      url: input.segmentUrl(s.id),
    })),
  }));
  const gaps: RecordingIndex['gaps'] = [];
  for (let i = 1; i < placed.length; i++) {
    const before = placed[i - 1] as PlacedPart;
    const after = placed[i] as PlacedPart;
    const from = new Date(before.row.startedAt.getTime() + before.durationMs);
    const ms = after.row.startedAt.getTime() - from.getTime();
    gaps.push({
      afterPart: before.row.seq,
      from: from.toISOString(),
      to: after.row.startedAt.toISOString(),
      seconds: seconds(Math.max(0, ms)),
    });
  }
  const speeches: RecordedSpeech[] = input.speeches
    .filter((s): s is typeof s & { startedAt: Date } => s.startedAt !== null)
    .map((s) => ({
      entryId: s.entryId,
      code: s.code,
      name: s.name,
      startedAt: s.startedAt.toISOString(),
      endedAt: s.endedAt?.toISOString() ?? null,
      start: place(placed, s.startedAt),
      end: s.endedAt ? place(placed, s.endedAt) : null,
    }));
  return {
    sessionId: input.status.sessionId,
    status: input.status,
    totalSeconds: seconds(offsetMs),
    parts,
    gaps,
    speeches,
  };
}

/** Where a moment falls in the recording; a moment nothing was recorded at goes to the next recorded one. */
export function place(parts: PlacedPart[], at: Date): RecordingPlace | null {
  const t = at.getTime();
  for (const p of parts) {
    const start = p.row.startedAt.getTime();
    if (t < start) return at0(p, 0, true);
    if (t <= start + p.durationMs) return at0(p, t - start, false);
  }
  const last = parts.at(-1);
  return last ? at0(last, last.durationMs, true) : null;
}

function at0(p: PlacedPart, inPartMs: number, inGap: boolean): RecordingPlace {
  const segment =
    p.segments.find((s) => inPartMs >= s.startMs && inPartMs < s.startMs + s.durationMs) ??
    p.segments.at(-1);
  return {
    offsetSeconds: seconds(p.offsetMs + inPartMs),
    partSeq: p.row.seq,
    segmentId: segment?.id ?? null,
    segmentOffsetSeconds: segment ? seconds(Math.max(0, inPartMs - segment.startMs)) : 0,
    inGap,
  };
}
