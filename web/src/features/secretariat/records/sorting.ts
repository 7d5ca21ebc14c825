// Sorting the record's tables by any column: pure, so the order a clerk sees
// is tested apart from the page.

export type SortDirection = 'ascending' | 'descending';
export type SortValue = string | number | null | undefined;

export interface SortState<K extends string = string> {
  column: K;
  direction: SortDirection;
}

const collator = new Intl.Collator('vi', { numeric: true, sensitivity: 'base' });

/**
 * Compares two cell values: numbers by value, text in Vietnamese order
 * (Đ after D, diacritics respected, "Điểm 10" after "Điểm 9"). Empty cells
 * (null, undefined, '') always go last, whatever the direction.
 */
export function compareValues(a: SortValue, b: SortValue, direction: SortDirection): number {
  const emptyA = a === null || a === undefined || a === '';
  const emptyB = b === null || b === undefined || b === '';
  if (emptyA || emptyB) return emptyA === emptyB ? 0 : emptyA ? 1 : -1;
  const order =
    typeof a === 'number' && typeof b === 'number' ? a - b : collator.compare(String(a), String(b));
  return direction === 'ascending' ? order : -order;
}

/** A sorted copy; rows that compare equal keep their original order. */
export function sortRows<T>(
  rows: readonly T[],
  value: (row: T) => SortValue,
  direction: SortDirection,
): T[] {
  return rows
    .map((row, index) => ({ row, index, key: value(row) }))
    .sort((x, y) => compareValues(x.key, y.key, direction) || x.index - y.index)
    .map((x) => x.row);
}

/** Clicking a header: the same column flips its direction, another one starts ascending. */
export function nextSort<K extends string>(current: SortState<K> | null, column: K): SortState<K> {
  if (current?.column === column)
    return {
      column,
      direction: current.direction === 'ascending' ? 'descending' : 'ascending',
    };
  return { column, direction: 'ascending' };
}

/** An ISO time as a sortable number (null stays empty). */
export function timeValue(iso: string | null | undefined): number | null {
  return iso ? Date.parse(iso) : null;
}
