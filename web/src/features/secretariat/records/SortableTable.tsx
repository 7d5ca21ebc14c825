// A table whose every column sorts: the header is a button, the column's
// state is announced by aria-sort (WAI-ARIA sortable table pattern).
import { type ReactNode, useMemo, useState } from 'react';
import { useI18n } from '../../../i18n/i18n.js';
import { nextSort, type SortState, type SortValue, sortRows } from './sorting.js';

export interface Column<T> {
  key: string;
  label: string;
  /** What the column sorts by. */
  sortValue: (row: T) => SortValue;
  render: (row: T) => ReactNode;
  numeric?: boolean;
  /** The row's header cell (th scope="row"), normally the point's name. */
  rowHeader?: boolean;
}

export function SortableTable<T>({
  caption,
  columns,
  rows,
  rowKey,
  rowProps,
  className,
}: {
  caption: string;
  columns: ReadonlyArray<Column<T>>;
  rows: readonly T[];
  rowKey: (row: T) => string;
  rowProps?: (row: T) => Record<string, string>;
  className?: string;
}) {
  const { t } = useI18n();
  const [sort, setSort] = useState<SortState | null>(null);
  const sorted = useMemo(() => {
    const column = sort && columns.find((c) => c.key === sort.column);
    return column && sort ? sortRows(rows, column.sortValue, sort.direction) : [...rows];
  }, [rows, columns, sort]);
  return (
    <div className="table-scroll">
      <table className={`sortable ${className ?? ''}`}>
        <caption className="visually-hidden">
          {caption}. {t('records.sortHint')}
        </caption>
        <thead>
          <tr>
            {columns.map((c) => {
              const state = sort?.column === c.key ? sort.direction : undefined;
              return (
                <th
                  key={c.key}
                  scope="col"
                  aria-sort={state ?? 'none'}
                  className={c.numeric ? 'numeric' : undefined}
                >
                  <button
                    type="button"
                    className="sort"
                    data-sort-column={c.key}
                    onClick={() => setSort(nextSort(sort, c.key))}
                  >
                    {c.label}
                    <span aria-hidden="true" className="sort-mark">
                      {state === 'ascending' ? '▲' : state === 'descending' ? '▼' : '↕'}
                    </span>
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {sorted.map((row) => (
            <tr key={rowKey(row)} {...(rowProps?.(row) ?? {})}>
              {columns.map((c) =>
                c.rowHeader ? (
                  <th key={c.key} scope="row">
                    {c.render(row)}
                  </th>
                ) : (
                  <td key={c.key} className={c.numeric ? 'numeric' : undefined}>
                    {c.render(row)}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
