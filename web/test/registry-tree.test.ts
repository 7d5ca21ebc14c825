import { describe, expect, it } from 'vitest';
import type { PointKind, PointView } from '../../src/contract/index.js';
import {
  buildTree,
  countByKind,
  defaultExpanded,
  filterTree,
  fold,
  NO_FILTER,
  parentChoices,
  visibleRows,
} from '../src/features/secretariat/registry/tree.js';

let n = 0;
function point(
  code: string,
  name: string,
  kind: PointKind,
  parentCode: string | null = null,
  active = true,
): PointView {
  n++;
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    code,
    name,
    kind,
    parentCode,
    active,
    operatorName: null,
    operatorPhone: null,
    roster: [],
    createdAt: '2025-07-01T00:00:00.000Z',
    updatedAt: '2025-07-01T00:00:00.000Z',
  };
}

const POINTS: PointView[] = [
  point('dak-lak', 'Tỉnh ủy Đắk Lắk', 'province', 'trung-uong'),
  point('ha-noi', 'Thành ủy Hà Nội', 'province', 'trung-uong'),
  point('trung-uong', 'Ban Tổ chức Trung ương', 'central-hall'),
  point('ban-tuyen-giao', 'Ban Tuyên giáo Trung ương', 'central-body', 'trung-uong'),
  point('buon-ma-thuot', 'Phường Buôn Ma Thuột', 'commune', 'dak-lak'),
  point('ea-kar', 'Huyện Ea Kar', 'district', 'dak-lak'),
  point('ea-kar-xa-1', 'Xã Cư Huê', 'commune', 'ea-kar'),
  point('ba-dinh', 'Phường Ba Đình', 'commune', 'ha-noi', false),
  point('lac-loi', 'Điểm cầu lạc', 'commune', 'khong-co'),
];

describe('the registry tree', () => {
  it('hangs every point under its parent, sorted by level then name, with counts below', () => {
    const tree = buildTree(POINTS);
    expect(tree.size).toBe(9);
    // The orphan (its parent is not in the registry) stands at the root, after the hall.
    expect(tree.roots.map((r) => r.point.code)).toEqual(['trung-uong', 'lac-loi']);
    const hall = tree.byCode.get('trung-uong');
    // Central bodies before provinces; provinces by Vietnamese name (Đ after D, before H).
    expect(hall?.children.map((c) => c.point.code)).toEqual([
      'ban-tuyen-giao',
      'dak-lak',
      'ha-noi',
    ]);
    expect(hall?.descendants).toBe(7);
    expect(tree.byCode.get('dak-lak')?.descendants).toBe(3);
    expect(tree.byCode.get('ea-kar-xa-1')?.depth).toBe(3);
    // District before commune under one province.
    expect(tree.byCode.get('dak-lak')?.children.map((c) => c.point.code)).toEqual([
      'ea-kar',
      'buon-ma-thuot',
    ]);
  });

  it('opens the central hall at first and keeps provinces closed', () => {
    const tree = buildTree(POINTS);
    const open = defaultExpanded(tree);
    expect([...open]).toEqual(['trung-uong']);
    const rows = visibleRows(tree, open, NO_FILTER);
    expect(rows.map((r) => r.node.point.code)).toEqual([
      'trung-uong',
      'ban-tuyen-giao',
      'dak-lak',
      'ha-noi',
      'lac-loi',
    ]);
    expect(rows[0]?.expanded).toBe(true);
    expect(rows[2]?.expanded).toBe(false);
    // Opening a province shows its children in order, depth first.
    const more = visibleRows(tree, new Set([...open, 'dak-lak', 'ea-kar']), NO_FILTER);
    expect(more.map((r) => r.node.point.code).slice(2, 6)).toEqual([
      'dak-lak',
      'ea-kar',
      'ea-kar-xa-1',
      'buon-ma-thuot',
    ]);
  });

  it('stays fast and small for 3,400 points: only the open levels are rows', () => {
    const many: PointView[] = [point('tw', 'Trung ương', 'central-hall')];
    for (let p = 0; p < 34; p++) {
      many.push(point(`p${p}`, `Tỉnh ${p}`, 'province', 'tw'));
      for (let c = 0; c < 100; c++)
        many.push(point(`p${p}-x${c}`, `Xã ${c} tỉnh ${p}`, 'commune', `p${p}`));
    }
    const tree = buildTree(many);
    expect(tree.byCode.get('tw')?.descendants).toBe(3434);
    const rows = visibleRows(tree, defaultExpanded(tree), NO_FILTER);
    expect(rows).toHaveLength(35);
  });
});

describe('search and filters', () => {
  it('folds Vietnamese diacritics and đ', () => {
    expect(fold('Tỉnh ủy Đắk Lắk')).toBe('tinh uy dak lak');
    expect(fold('  Thừa Thiên Huế ')).toBe('thua thien hue');
  });

  it('finds by name without diacritics or by code, and shows the ancestors as context', () => {
    const tree = buildTree(POINTS);
    const filter = { ...NO_FILTER, query: 'cu hue' };
    const { matched, visible } = filterTree(tree, filter);
    expect([...matched]).toEqual(['ea-kar-xa-1']);
    expect([...visible].sort()).toEqual(['dak-lak', 'ea-kar', 'ea-kar-xa-1', 'trung-uong']);
    const rows = visibleRows(tree, new Set(), filter);
    expect(rows.map((r) => [r.node.point.code, r.context])).toEqual([
      ['trung-uong', true],
      ['dak-lak', true],
      ['ea-kar', true],
      ['ea-kar-xa-1', false],
    ]);
    expect(filterTree(tree, { ...NO_FILTER, query: 'HA-NOI' }).matched).toEqual(
      new Set(['ha-noi']),
    );
    expect(filterTree(tree, { ...NO_FILTER, query: 'Đắk' }).matched).toEqual(new Set(['dak-lak']));
  });

  it('filters by kind and by state', () => {
    const tree = buildTree(POINTS);
    expect(filterTree(tree, { ...NO_FILTER, kind: 'province' }).matched).toEqual(
      new Set(['dak-lak', 'ha-noi']),
    );
    expect(filterTree(tree, { ...NO_FILTER, state: 'inactive' }).matched).toEqual(
      new Set(['ba-dinh']),
    );
    expect(filterTree(tree, { ...NO_FILTER, kind: 'commune', state: 'active' }).matched.size).toBe(
      3,
    );
    expect(visibleRows(tree, new Set(), { ...NO_FILTER, query: 'không có gì' })).toEqual([]);
  });

  it('counts by kind', () => {
    expect(countByKind(POINTS)).toEqual({
      'central-hall': 1,
      'central-body': 1,
      province: 2,
      district: 1,
      commune: 4,
    });
  });
});

describe('parent choices', () => {
  it('offers the kinds a point may hang under, never itself or its own descendants', () => {
    const tree = buildTree(POINTS);
    expect(parentChoices(tree, 'province').map((p) => p.code)).toEqual(['trung-uong']);
    expect(parentChoices(tree, 'commune').map((p) => p.code)).toEqual([
      'dak-lak',
      'ha-noi',
      'ea-kar',
    ]);
    expect(parentChoices(tree, 'central-hall')).toEqual([]);
    expect(parentChoices(tree, 'district', 'ea-kar').map((p) => p.code)).toEqual([
      'dak-lak',
      'ha-noi',
    ]);
  });
});
