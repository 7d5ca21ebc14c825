// The registry as a tree for picking invited points: the central hall, the
// central bodies and the provinces at the top, their districts and communes
// below. A "region" is a point with everything under it.
import type { PointView } from '../../../../../src/contract/index.js';

export type TreePoint = Pick<PointView, 'code' | 'name' | 'kind' | 'parentCode'>;

export interface PointNode {
  point: TreePoint;
  children: PointNode[];
}

const KIND_ORDER = ['central-hall', 'central-body', 'province', 'district', 'commune'];

function compare(a: TreePoint, b: TreePoint): number {
  return (
    KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.name.localeCompare(b.name, 'vi')
  );
}

/** Roots first by kind then name; a point whose parent is not listed is a root. */
export function buildTree(points: readonly TreePoint[]): PointNode[] {
  const nodes = new Map<string, PointNode>();
  for (const point of points) nodes.set(point.code, { point, children: [] });
  const roots: PointNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.point.parentCode ? nodes.get(node.point.parentCode) : undefined;
    if (parent && parent !== node) parent.children.push(node);
    else roots.push(node);
  }
  const sort = (list: PointNode[]) => {
    list.sort((a, b) => compare(a.point, b.point));
    for (const n of list) sort(n.children);
  };
  sort(roots);
  return roots;
}

/** The node's code and every code below it. */
export function regionCodes(node: PointNode): string[] {
  const codes: string[] = [];
  const stack = [node];
  while (stack.length > 0) {
    const n = stack.pop() as PointNode;
    codes.push(n.point.code);
    stack.push(...n.children);
  }
  return codes;
}

/** The usual invitation of a monthly briefing: the centre and every province. */
export function provinceCodes(points: readonly TreePoint[]): string[] {
  return points
    .filter((p) => p.kind === 'central-hall' || p.kind === 'central-body' || p.kind === 'province')
    .map((p) => p.code);
}

/** Points whose name or code contains the text (case and accents ignored), with their ancestors so the tree still shows them. */
export function filterTree(roots: PointNode[], text: string): PointNode[] {
  const needle = fold(text.trim());
  if (!needle) return roots;
  const walk = (list: PointNode[]): PointNode[] =>
    list.flatMap((n) => {
      const children = walk(n.children);
      const hit = fold(n.point.name).includes(needle) || n.point.code.includes(needle);
      return hit || children.length > 0
        ? [{ point: n.point, children: hit ? n.children : children }]
        : [];
    });
  return walk(roots);
}

export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .replaceAll('đ', 'd')
    .replaceAll('Đ', 'D')
    .toLowerCase();
}
