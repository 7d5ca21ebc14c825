import { describe, expect, it } from 'vitest';
import { durationText, STATUS_ORDER } from '../src/features/secretariat/records/format.js';
import {
  compareValues,
  nextSort,
  sortRows,
  timeValue,
} from '../src/features/secretariat/records/sorting.js';

const rows = [
  { name: 'Thành uỷ Huế', status: 'late', at: '2026-11-30T02:07:00Z', n: 3 },
  { name: 'Tỉnh uỷ Cà Mau', status: 'absent', at: null, n: 0 },
  { name: 'Đảng uỷ Khối', status: 'present', at: '2026-11-30T01:55:00Z', n: 12 },
  { name: 'Thành uỷ Hà Nội', status: 'excused', at: null, n: 0 },
  { name: 'Điểm cầu 10', status: 'present', at: '2026-11-30T01:50:00Z', n: 2 },
  { name: 'Điểm cầu 9', status: 'present', at: '2026-11-30T01:51:00Z', n: 2 },
] as const;
type Row = (typeof rows)[number];

describe('sorting the record by a column', () => {
  it('orders names the Vietnamese way, numbers inside names by value, both directions', () => {
    const names = (dir: 'ascending' | 'descending') =>
      sortRows(rows, (r: Row) => r.name, dir).map((r) => r.name);
    expect(names('ascending')).toEqual([
      'Đảng uỷ Khối',
      'Điểm cầu 9',
      'Điểm cầu 10',
      'Thành uỷ Hà Nội',
      'Thành uỷ Huế',
      'Tỉnh uỷ Cà Mau',
    ]);
    expect(names('descending')).toEqual([...names('ascending')].reverse());
    // D before Đ, a before ă before i: the alphabet a clerk expects.
    const provinces = ['Điện Biên', 'Đắk Lắk', 'Cà Mau', 'Đà Nẵng', 'Dak Tô'];
    expect(sortRows(provinces, (p) => p, 'ascending')).toEqual([
      'Cà Mau',
      'Dak Tô',
      'Đà Nẵng',
      'Đắk Lắk',
      'Điện Biên',
    ]);
  });

  it('sorts statuses in the record order (present, late, excused, absent), not alphabetically', () => {
    const sorted = sortRows(rows, (r: Row) => STATUS_ORDER[r.status], 'ascending');
    expect(sorted.map((r) => r.status)).toEqual([
      'present',
      'present',
      'present',
      'late',
      'excused',
      'absent',
    ]);
    // Equal keys keep their original order (stable).
    expect(sorted.slice(0, 3).map((r) => r.name)).toEqual([
      'Đảng uỷ Khối',
      'Điểm cầu 10',
      'Điểm cầu 9',
    ]);
  });

  it('puts empty cells last whichever the direction', () => {
    for (const dir of ['ascending', 'descending'] as const) {
      const sorted = sortRows(rows, (r: Row) => timeValue(r.at), dir);
      expect(sorted.slice(-2).map((r) => r.at)).toEqual([null, null]);
    }
    expect(sortRows(rows, (r: Row) => timeValue(r.at), 'descending')[0]?.name).toBe('Thành uỷ Huế');
    expect(compareValues('', 'a', 'descending')).toBeGreaterThan(0);
    expect(compareValues(undefined, null, 'ascending')).toBe(0);
  });

  it('sorts numbers by value (12 after 3)', () => {
    expect(sortRows(rows, (r: Row) => r.n, 'descending').map((r) => r.n)).toEqual([
      12, 3, 2, 2, 0, 0,
    ]);
  });

  it('a header click flips the same column and starts another ascending', () => {
    const first = nextSort(null, 'status');
    expect(first).toEqual({ column: 'status', direction: 'ascending' });
    const second = nextSort(first, 'status');
    expect(second).toEqual({ column: 'status', direction: 'descending' });
    expect(nextSort(second, 'status').direction).toBe('ascending');
    expect(nextSort(second, 'name')).toEqual({ column: 'name', direction: 'ascending' });
  });

  it('does not change the rows it sorts', () => {
    const copy = [...rows];
    sortRows(rows, (r: Row) => r.n, 'ascending');
    expect(rows).toEqual(copy);
  });
});

describe('lengths of time in the record', () => {
  it('shows minutes and seconds, and hours only when there are any', () => {
    expect(durationText(0)).toBe('0:00');
    expect(durationText(75)).toBe('1:15');
    expect(durationText(3725)).toBe('1:02:05');
    expect(durationText(-3)).toBe('0:00');
    expect(durationText(59.6)).toBe('1:00');
  });
});
