import { ALLOWED_PARENTS, type PointKind } from '../../contract/index.js';

export { ALLOWED_PARENTS };

/** Kinds that cannot stand without a parent. */
const PARENT_REQUIRED: ReadonlySet<PointKind> = new Set(['district', 'commune']);

/** Why `kind` may not sit under a parent of `parentKind` (undefined: no parent), or null if it may. */
export function parentProblem(kind: PointKind, parentKind: PointKind | undefined): string | null {
  if (parentKind === undefined) {
    return PARENT_REQUIRED.has(kind) ? `a ${kind} needs a parent` : null;
  }
  const allowed = ALLOWED_PARENTS[kind];
  if (allowed.includes(parentKind)) return null;
  return allowed.length === 0
    ? `a ${kind} has no parent`
    : `a ${kind}'s parent must be a ${allowed.join(' or ')}, not a ${parentKind}`;
}

/** Parents before children: the order in which a batch can be written. */
export const KIND_RANK: Record<PointKind, number> = {
  'central-hall': 0,
  'central-body': 1,
  province: 1,
  district: 2,
  commune: 3,
};
