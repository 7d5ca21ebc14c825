// The registry as a tree (central hall → central bodies and provinces →
// districts → communes), filtered by a search and by kind and state, and
// flattened into the rows a table shows. Pure: no React, no fetch.
import {
  ALLOWED_PARENTS,
  type PointKind,
  type PointView,
} from '../../../../../src/contract/index.js';

export const KINDS: readonly PointKind[] = [
  'central-hall',
  'central-body',
  'province',
  'district',
  'commune',
];

/** Parents before children; siblings of one rank sort by name. */
const KIND_RANK: Record<PointKind, number> = {
  'central-hall': 0,
  'central-body': 1,
  province: 2,
  district: 3,
  commune: 4,
};

export { ALLOWED_PARENTS };

export interface TreeNode {
  point: PointView;
  depth: number;
  parent: TreeNode | null;
  children: TreeNode[];
  /** Every point below, at any depth. */
  descendants: number;
  /** Name and code folded for matching (no diacritics, lower case). */
  haystack: string;
  /** The name without its administrative prefix ("Tỉnh ủy Đắk Lắk" → "Đắk Lắk"), for sorting. */
  sortName: string;
}

export interface Tree {
  roots: TreeNode[];
  byCode: Map<string, TreeNode>;
  size: number;
}

/** Lower case without diacritics: "Đắk Lắk" → "dak lak", so a clerk may type either. */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .trim();
}

const collator = new Intl.Collator('vi', { sensitivity: 'base', numeric: true });

/** The prefixes a point's name starts with, by level; siblings sort by the place name after them. */
const PREFIX =
  /^(?:tỉnh ủy|tỉnh uỷ|thành ủy|thành uỷ|huyện ủy|huyện uỷ|quận ủy|quận uỷ|thị ủy|thị uỷ|đảng ủy|đảng uỷ|thành phố|tỉnh|huyện|quận|thị xã|thị trấn|xã|phường)\s+/iu;

export function sortName(name: string): string {
  const stripped = name.trim().replace(PREFIX, '');
  return stripped || name;
}

/** The tree of the points; a point whose parent is not in the list stands at the root. */
export function buildTree(points: readonly PointView[]): Tree {
  const byCode = new Map<string, TreeNode>();
  for (const point of points) {
    byCode.set(point.code, {
      point,
      depth: 0,
      parent: null,
      children: [],
      descendants: 0,
      haystack: `${fold(point.name)} ${point.code}`,
      sortName: sortName(point.name),
    });
  }
  const roots: TreeNode[] = [];
  for (const node of byCode.values()) {
    const parentCode = node.point.parentCode;
    const parent = parentCode && parentCode !== node.point.code ? byCode.get(parentCode) : null;
    if (parent) {
      node.parent = parent;
      parent.children.push(node);
    } else roots.push(node);
  }
  // Depth-first with an explicit stack: depths, sorting, then counts bottom-up.
  const order: TreeNode[] = [];
  const stack = [...roots];
  while (stack.length > 0) {
    const node = stack.pop() as TreeNode;
    order.push(node);
    node.children.sort(compareNodes);
    for (const child of node.children) {
      child.depth = node.depth + 1;
      stack.push(child);
    }
  }
  for (let i = order.length - 1; i >= 0; i--) {
    const node = order[i] as TreeNode;
    if (node.parent) node.parent.descendants += node.descendants + 1;
  }
  roots.sort(compareNodes);
  return { roots, byCode, size: byCode.size };
}

function compareNodes(a: TreeNode, b: TreeNode): number {
  return (
    KIND_RANK[a.point.kind] - KIND_RANK[b.point.kind] ||
    collator.compare(a.sortName, b.sortName) ||
    collator.compare(a.point.name, b.point.name) ||
    a.point.code.localeCompare(b.point.code)
  );
}

export interface TreeFilter {
  /** Name or code; diacritics and case do not matter. */
  query: string;
  kind: PointKind | '';
  state: 'all' | 'active' | 'inactive';
}

export const NO_FILTER: TreeFilter = { query: '', kind: '', state: 'all' };

export function isFiltering(filter: TreeFilter): boolean {
  return filter.query.trim() !== '' || filter.kind !== '' || filter.state !== 'all';
}

export function matches(node: TreeNode, filter: TreeFilter): boolean {
  const { point } = node;
  if (filter.kind && point.kind !== filter.kind) return false;
  if (filter.state === 'active' && !point.active) return false;
  if (filter.state === 'inactive' && point.active) return false;
  const words = fold(filter.query).split(/\s+/).filter(Boolean);
  return words.every((w) => node.haystack.includes(w));
}

/** The points that match, and the ancestors that lead to them (shown as context). */
export function filterTree(
  tree: Tree,
  filter: TreeFilter,
): { matched: Set<string>; visible: Set<string> } {
  const matched = new Set<string>();
  const visible = new Set<string>();
  for (const node of tree.byCode.values()) {
    if (!matches(node, filter)) continue;
    matched.add(node.point.code);
    for (let n: TreeNode | null = node; n && !visible.has(n.point.code); n = n.parent)
      visible.add(n.point.code);
  }
  return { matched, visible };
}

/** Open at first: the central hall and the central bodies; provinces stay closed. */
export function defaultExpanded(tree: Tree): Set<string> {
  const open = new Set<string>();
  for (const node of tree.byCode.values())
    if (node.children.length > 0 && KIND_RANK[node.point.kind] < KIND_RANK.province)
      open.add(node.point.code);
  return open;
}

export interface Row {
  node: TreeNode;
  expanded: boolean;
  /** Children shown under it when open (all, or those leading to a match). */
  shownChildren: number;
  /** Shown only because something below it matches. */
  context: boolean;
}

/**
 * The rows to show, in order: every root, and the children of open nodes.
 * While filtering, only matches and their ancestors, and every such ancestor is open.
 */
export function visibleRows(tree: Tree, expanded: ReadonlySet<string>, filter: TreeFilter): Row[] {
  const filtering = isFiltering(filter);
  const found = filtering ? filterTree(tree, filter) : null;
  const keep = (n: TreeNode) => !found || found.visible.has(n.point.code);
  const rows: Row[] = [];
  const stack = tree.roots.filter(keep).reverse();
  while (stack.length > 0) {
    const node = stack.pop() as TreeNode;
    const children = node.children.filter(keep);
    const isOpen = expanded.has(node.point.code) || (filtering && children.length > 0);
    rows.push({
      node,
      expanded: isOpen && children.length > 0,
      shownChildren: children.length,
      context: found ? !found.matched.has(node.point.code) : false,
    });
    if (isOpen) for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as TreeNode);
  }
  return rows;
}

/** How many points of each kind (the summary above the tree). */
export function countByKind(points: readonly PointView[]): Record<PointKind, number> {
  const counts = Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<PointKind, number>;
  for (const p of points) counts[p.kind]++;
  return counts;
}

/** The points a point of `kind` may hang under (not itself nor anything below it). */
export function parentChoices(tree: Tree, kind: PointKind, self?: string): PointView[] {
  const allowed = ALLOWED_PARENTS[kind];
  const below = new Set<string>();
  const selfNode = self ? tree.byCode.get(self) : undefined;
  if (selfNode) {
    const stack = [selfNode];
    while (stack.length > 0) {
      const n = stack.pop() as TreeNode;
      below.add(n.point.code);
      stack.push(...n.children);
    }
  }
  return [...tree.byCode.values()]
    .filter((n) => allowed.includes(n.point.kind) && !below.has(n.point.code))
    .sort(compareNodes)
    .map((n) => n.point);
}
