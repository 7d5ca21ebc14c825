import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { POINT_KINDS, type PointKind } from '../../src/contract/primitives.js';
import { ALLOWED_PARENTS, KIND_RANK, parentProblem } from '../../src/modules/points/rules.js';

/**
 * The registry's cascade, written out by hand: the central hall stands alone;
 * central bodies and provinces hang under it (or stand alone); districts under
 * provinces; communes under districts or, since 2025, directly under provinces.
 */
const MAY_SIT_UNDER: Record<PointKind, Array<PointKind | 'none'>> = {
  'central-hall': ['none'],
  'central-body': ['none', 'central-hall'],
  province: ['none', 'central-hall'],
  district: ['province'],
  commune: ['district', 'province'],
};

describe('parentProblem', () => {
  const cases = POINT_KINDS.flatMap((kind) =>
    [...POINT_KINDS, 'none' as const].map((parent) => [kind, parent] as const),
  );

  it.each(cases)('a %s under %s', (kind, parent) => {
    const problem = parentProblem(kind, parent === 'none' ? undefined : parent);
    if (MAY_SIT_UNDER[kind].includes(parent)) expect(problem).toBeNull();
    else expect(problem).toEqual(expect.any(String));
  });

  it('says why, in words an operator can act on', () => {
    expect(parentProblem('district', undefined)).toBe('a district needs a parent');
    expect(parentProblem('commune', undefined)).toBe('a commune needs a parent');
    expect(parentProblem('central-hall', 'province')).toBe('a central-hall has no parent');
    expect(parentProblem('district', 'commune')).toBe(
      "a district's parent must be a province, not a commune",
    );
    expect(parentProblem('commune', 'central-hall')).toBe(
      "a commune's parent must be a district or province, not a central-hall",
    );
  });

  it('a point can never be its own kind’s parent', () => {
    for (const kind of POINT_KINDS) expect(parentProblem(kind, kind), kind).not.toBeNull();
  });
});

describe('the cascade', () => {
  it('every kind is ruled on', () => {
    expect(Object.keys(ALLOWED_PARENTS).sort()).toEqual([...POINT_KINDS].sort());
    expect(Object.keys(KIND_RANK).sort()).toEqual([...POINT_KINDS].sort());
  });

  it('every allowed parent ranks above its child, so no chain of parents can close a cycle', () => {
    for (const kind of POINT_KINDS) {
      for (const parent of ALLOWED_PARENTS[kind]) {
        expect(KIND_RANK[parent], `${parent} over ${kind}`).toBeLessThan(KIND_RANK[kind]);
      }
    }
  });

  it('walking up from any kind reaches a point with no parent within four steps', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...POINT_KINDS),
        fc.array(fc.nat(), { minLength: 5, maxLength: 5 }),
        (start, choices) => {
          let kind: PointKind = start;
          let steps = 0;
          for (const choice of choices) {
            const parents = ALLOWED_PARENTS[kind];
            if (parents.length === 0) break;
            kind = parents[choice % parents.length] as PointKind;
            steps++;
          }
          expect(ALLOWED_PARENTS[kind]).toEqual([]);
          expect(steps).toBeLessThanOrEqual(4);
        },
      ),
    );
  });

  it('a batch sorted by rank writes every parent before its children (property)', () => {
    // A random registry: each point under an allowed parent already made, or none where allowed.
    const registry = fc
      .array(fc.tuple(fc.constantFrom(...POINT_KINDS), fc.nat(), fc.boolean()), {
        minLength: 1,
        maxLength: 40,
      })
      .map((specs) => {
        const made: Array<{ id: number; kind: PointKind; parent: number | null }> = [];
        for (const [kind, pick, alone] of specs) {
          const candidates = made.filter((p) => parentProblem(kind, p.kind) === null);
          const standalone = parentProblem(kind, undefined) === null;
          if (candidates.length === 0 && !standalone) continue;
          const parent =
            (alone && standalone) || candidates.length === 0
              ? null
              : (candidates[pick % candidates.length]?.id ?? null);
          made.push({ id: made.length, kind, parent });
        }
        return made;
      });
    fc.assert(
      fc.property(registry, (points) => {
        // Children first, the worst order a file could list them in; then sorted as the import does.
        const batch = [...points].reverse().sort((x, y) => KIND_RANK[x.kind] - KIND_RANK[y.kind]);
        const written = new Set<number>();
        for (const point of batch) {
          if (point.parent !== null) expect(written.has(point.parent)).toBe(true);
          written.add(point.id);
        }
      }),
    );
  });
});
