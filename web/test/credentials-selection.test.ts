import { describe, expect, it } from 'vitest';
import type { PointView } from '../../src/contract/index.js';
import { listQuery } from '../src/features/secretariat/credentials/api.js';
import { sortCredentials } from '../src/features/secretariat/credentials/list.js';
import {
  fold,
  provincesWithCommunes,
  regionParents,
  requestBody,
  searchPoints,
  selectedPoints,
} from '../src/features/secretariat/credentials/selection.js';

function point(
  code: string,
  name: string,
  kind: PointView['kind'],
  parentCode: string | null,
  active = true,
): PointView {
  return {
    id: `00000000-0000-4000-8000-${code.padStart(12, '0').slice(-12)}`,
    code,
    name,
    kind,
    parentCode,
    active,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  } as PointView;
}

const registry: PointView[] = [
  point('trung-uong', 'Ban Tổ chức Trung ương', 'central-hall', null),
  point('ha-noi', 'Thành ủy Hà Nội', 'province', 'trung-uong'),
  point('dak-lak', 'Tỉnh ủy Đắk Lắk', 'province', 'trung-uong'),
  point('cao-bang', 'Tỉnh ủy Cao Bằng', 'province', 'trung-uong', false),
  point('dang-uy-khoi', 'Đảng ủy Khối các cơ quan Trung ương', 'central-body', 'trung-uong'),
  point('ba-dinh', 'Đảng ủy phường Ba Đình', 'commune', 'ha-noi'),
  point('hoan-kiem', 'Đảng ủy phường Hoàn Kiếm', 'commune', 'ha-noi'),
  point('buon-don', 'Đảng ủy xã Buôn Đôn', 'commune', 'dak-lak', false),
];
const codes = (points: PointView[]) => points.map((p) => p.code);

describe('the choice of points → the body of POST /api/v1/credentials', () => {
  it('asks for a whole kind, a region, a province’s communes or listed points', () => {
    expect(requestBody({ mode: 'provinces' })).toEqual({ kind: 'province' });
    expect(requestBody({ mode: 'central-bodies' })).toEqual({ kind: 'central-body' });
    expect(requestBody({ mode: 'region', parent: 'ha-noi' })).toEqual({ parent: 'ha-noi' });
    expect(requestBody({ mode: 'communes', province: 'ha-noi' })).toEqual({
      kind: 'commune',
      parent: 'ha-noi',
    });
    expect(requestBody({ mode: 'picked', codes: ['hue', 'ha-noi', 'hue'] })).toEqual({
      pointCodes: ['hue', 'ha-noi'],
    });
  });

  it('is null while the choice is incomplete', () => {
    expect(requestBody({ mode: 'region', parent: '' })).toBeNull();
    expect(requestBody({ mode: 'communes', province: '' })).toBeNull();
    expect(requestBody({ mode: 'picked', codes: [] })).toBeNull();
  });

  it('carries a reissue and a trimmed note only when given', () => {
    expect(requestBody({ mode: 'provinces' }, { replace: true, label: '  Đợt tháng 12 ' })).toEqual(
      {
        kind: 'province',
        label: 'Đợt tháng 12',
        replace: true,
      },
    );
    expect(requestBody({ mode: 'provinces' }, { replace: false, label: '   ' })).toEqual({
      kind: 'province',
    });
  });
});

describe('the points a choice reaches (as the server counts them)', () => {
  it('takes active points only, by name', () => {
    expect(codes(selectedPoints({ mode: 'provinces' }, registry))).toEqual(['ha-noi', 'dak-lak']);
    expect(codes(selectedPoints({ mode: 'central-bodies' }, registry))).toEqual(['dang-uy-khoi']);
    expect(codes(selectedPoints({ mode: 'communes', province: 'ha-noi' }, registry))).toEqual([
      'ba-dinh',
      'hoan-kiem',
    ]);
    expect(selectedPoints({ mode: 'communes', province: 'dak-lak' }, registry)).toEqual([]);
    expect(
      codes(selectedPoints({ mode: 'picked', codes: ['cao-bang', 'ha-noi'] }, registry)),
    ).toEqual(['ha-noi']);
  });

  it('a region is the points directly under the chosen parent', () => {
    expect(
      codes(selectedPoints({ mode: 'region', parent: 'trung-uong' }, registry)).sort(),
    ).toEqual(['dak-lak', 'dang-uy-khoi', 'ha-noi']);
    expect(selectedPoints({ mode: 'region', parent: '' }, registry)).toEqual([]);
  });

  it('offers as parents the points with active points under them', () => {
    expect(codes(regionParents(registry))).toEqual(['trung-uong', 'ha-noi']);
    expect(codes(provincesWithCommunes(registry))).toEqual(['ha-noi']);
  });
});

describe('searching the registry', () => {
  it('ignores the Vietnamese marks and case', () => {
    expect(fold('Tỉnh ủy Đắk Lắk')).toBe('tinh uy dak lak');
    expect(codes(searchPoints(registry, 'dak lak'))).toEqual(['dak-lak']);
    expect(codes(searchPoints(registry, 'ĐẮK'))).toEqual(['dak-lak']);
    expect(codes(searchPoints(registry, 'hoàn kiếm'))).toEqual(['hoan-kiem']);
    expect(codes(searchPoints(registry, 'ba-dinh'))).toEqual(['ba-dinh']);
    expect(searchPoints(registry, '  ')).toHaveLength(registry.length);
  });
});

describe('the list of issued credentials', () => {
  it('asks only for valid ones unless the revoked are wanted', () => {
    expect(listQuery({ kind: '', parent: '', showRevoked: false })).toBe('?revoked=false');
    expect(listQuery({ kind: '', parent: '', showRevoked: true })).toBe('');
    expect(listQuery({ kind: 'commune', parent: 'ha-noi', showRevoked: true })).toBe(
      '?kind=commune&parent=ha-noi',
    );
  });

  it('reads by point name, then the valid and newest first', () => {
    const rows = [
      {
        name: 'Tỉnh ủy Đắk Lắk',
        code: 'dak-lak',
        createdAt: '2026-01-02T00:00:00Z',
        revokedAt: null,
      },
      {
        name: 'Thành ủy Hà Nội',
        code: 'ha-noi',
        createdAt: '2026-01-03T00:00:00Z',
        revokedAt: '2026-01-04T00:00:00Z',
      },
      {
        name: 'Thành ủy Hà Nội',
        code: 'ha-noi',
        createdAt: '2026-01-01T00:00:00Z',
        revokedAt: null,
      },
      {
        name: 'Thành ủy Hà Nội',
        code: 'ha-noi',
        createdAt: '2026-01-05T00:00:00Z',
        revokedAt: null,
      },
    ];
    expect(sortCredentials(rows).map((r) => `${r.code} ${r.createdAt.slice(8, 10)}`)).toEqual([
      'ha-noi 05',
      'ha-noi 01',
      'ha-noi 03',
      'dak-lak 02',
    ]);
  });
});
