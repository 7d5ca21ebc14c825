// A three-way merge by lines (diff3): what two people changed from the same
// base text, both kept. Where both changed the same lines differently, both
// versions are kept between visible marker lines for a person to settle.
// Pure: the desk uses it on a save refused as stale; unit-tested alone.

export interface MergeLabels {
  /** The line opening a conflict, before my lines. */
  mine: string;
  /** The line between my lines and theirs. */
  theirs: string;
  /** The line closing a conflict. */
  end: string;
}

export interface MergeResult {
  text: string;
  /** Places where both changed the same lines differently (kept with markers). */
  conflicts: number;
}

/** Every line of `base` matched in `other` (the longest common subsequence): base index → other index. */
function matches(base: string[], other: string[]): Int32Array {
  const match = new Int32Array(base.length).fill(-1);
  // Common head and tail first: a typical edit touches a few lines of a long
  // text, and the quadratic table is then only as large as the edited middle.
  let head = 0;
  while (head < base.length && head < other.length && base[head] === other[head]) {
    match[head] = head;
    head++;
  }
  let tail = 0;
  while (
    tail < base.length - head &&
    tail < other.length - head &&
    base[base.length - 1 - tail] === other[other.length - 1 - tail]
  ) {
    match[base.length - 1 - tail] = other.length - 1 - tail;
    tail++;
  }
  const n = base.length - head - tail;
  const m = other.length - head - tail;
  if (n === 0 || m === 0) return match;
  // lengths[i][j]: LCS of base[head+i..] and other[head+j..].
  const width = m + 1;
  const lengths = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      lengths[i * width + j] =
        base[head + i] === other[head + j]
          ? (lengths[(i + 1) * width + j + 1] ?? 0) + 1
          : Math.max(lengths[(i + 1) * width + j] ?? 0, lengths[i * width + j + 1] ?? 0);
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (base[head + i] === other[head + j]) {
      match[head + i] = head + j;
      i++;
      j++;
    } else if ((lengths[(i + 1) * width + j] ?? 0) >= (lengths[i * width + j + 1] ?? 0)) i++;
    else j++;
  }
  return match;
}

const same = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Merges `mine` and `theirs`, both edited from `base`. Lines changed on one
 * side only take that side; the same change on both sides is taken once.
 */
export function mergeLines(
  base: string,
  mine: string,
  theirs: string,
  labels: MergeLabels,
): MergeResult {
  if (mine === theirs || theirs === base) return { text: mine, conflicts: 0 };
  if (mine === base) return { text: theirs, conflicts: 0 };
  const o = base.split('\n');
  const a = mine.split('\n');
  const b = theirs.split('\n');
  const toA = matches(o, a);
  const toB = matches(o, b);
  const out: string[] = [];
  let conflicts = 0;
  let io = 0;
  let ia = 0;
  let ib = 0;

  /** The lines before the next line all three share: one side's change, or a conflict. */
  const settle = (oEnd: number, aEnd: number, bEnd: number) => {
    const oPart = o.slice(io, oEnd);
    const aPart = a.slice(ia, aEnd);
    const bPart = b.slice(ib, bEnd);
    if (same(aPart, oPart)) out.push(...bPart);
    else if (same(bPart, oPart) || same(aPart, bPart)) out.push(...aPart);
    else {
      conflicts++;
      out.push(labels.mine, ...aPart, labels.theirs, ...bPart, labels.end);
    }
  };

  for (let k = 0; k < o.length; k++) {
    const ka = toA[k] ?? -1;
    const kb = toB[k] ?? -1;
    // A line kept by both sides, after what both have consumed: a fixed point.
    if (ka < ia || kb < ib) continue;
    settle(k, ka, kb);
    out.push(o[k] as string);
    io = k + 1;
    ia = ka + 1;
    ib = kb + 1;
  }
  settle(o.length, a.length, b.length);
  return { text: out.join('\n'), conflicts };
}
