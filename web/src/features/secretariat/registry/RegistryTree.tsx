// The registry's tree as a table: search, filters, open and close, counts of
// the points below each one. Rows come in pages so thousands never render at once.
import { useDeferredValue, useEffect, useId, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import type { PointKind } from '../../../../../src/contract/index.js';
import { useI18n } from '../../../i18n/i18n.js';
import { BASE } from './registry-api.js';
import { isFiltering, KINDS, type Tree, type TreeFilter, visibleRows } from './tree.js';

/** Rows shown at once; "show more" adds as many again. */
export const PAGE_ROWS = 150;

export function RegistryTree({
  tree,
  expanded,
  onToggle,
  onCollapseAll,
  filter,
  onFilter,
}: {
  tree: Tree;
  expanded: ReadonlySet<string>;
  onToggle(codes: string[], open: boolean): void;
  onCollapseAll(): void;
  filter: TreeFilter;
  onFilter(filter: TreeFilter): void;
}) {
  const { t } = useI18n();
  const { code: selected } = useParams();
  const id = useId();
  const deferred = useDeferredValue(filter);
  const rows = useMemo(() => visibleRows(tree, expanded, deferred), [tree, expanded, deferred]);
  const filtering = isFiltering(deferred);
  const matched = filtering ? rows.filter((r) => !r.context).length : tree.size;
  const [limit, setLimit] = useState(PAGE_ROWS);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new search starts at the top
  useEffect(() => setLimit(PAGE_ROWS), [deferred]);
  const shown = rows.slice(0, limit);
  // The chosen point (a link, a reload) is shown: its ancestors open.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when the choice or the tree changes
  useEffect(() => {
    const node = selected ? tree.byCode.get(selected) : undefined;
    const closed: string[] = [];
    for (let n = node?.parent; n; n = n.parent)
      if (!expanded.has(n.point.code)) closed.push(n.point.code);
    if (closed.length > 0) onToggle(closed, true);
  }, [selected, tree]);

  return (
    <div className="registry-tree">
      <search className="registry-filters" aria-label={t('registry.filters')}>
        <div className="registry-filter wide">
          <label htmlFor={`${id}-q`}>{t('registry.search')}</label>
          <input
            id={`${id}-q`}
            type="search"
            value={filter.query}
            placeholder={t('registry.searchPlaceholder')}
            onChange={(e) => onFilter({ ...filter, query: e.target.value })}
          />
        </div>
        <div className="registry-filter">
          <label htmlFor={`${id}-kind`}>{t('registry.kind')}</label>
          <select
            id={`${id}-kind`}
            value={filter.kind}
            onChange={(e) => onFilter({ ...filter, kind: e.target.value as PointKind | '' })}
          >
            <option value="">{t('registry.allKinds')}</option>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`registry.kind.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="registry-filter">
          <label htmlFor={`${id}-state`}>{t('registry.state')}</label>
          <select
            id={`${id}-state`}
            value={filter.state}
            onChange={(e) => onFilter({ ...filter, state: e.target.value as TreeFilter['state'] })}
          >
            <option value="all">{t('registry.state.all')}</option>
            <option value="active">{t('registry.state.active')}</option>
            <option value="inactive">{t('registry.state.inactive')}</option>
          </select>
        </div>
      </search>
      <div className="row registry-tree-tools">
        <p className="muted" role="status" data-matched={matched}>
          {filtering
            ? t('registry.found', { n: matched })
            : t('registry.shown', { n: rows.length })}
        </p>
        {filtering ? (
          <button type="button" onClick={() => onFilter({ query: '', kind: '', state: 'all' })}>
            {t('registry.clearFilters')}
          </button>
        ) : (
          <button type="button" onClick={onCollapseAll}>
            {t('registry.collapseAll')}
          </button>
        )}
      </div>
      {tree.size > 0 && rows.length === 0 ? (
        <p className="registry-none">{t('registry.noMatch')}</p>
      ) : null}
      {rows.length > 0 ? (
        <div className="registry-table-wrap">
          <table className="registry-table">
            <caption className="visually-hidden">{t('registry.tableCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('registry.col.name')}</th>
                <th scope="col">{t('registry.col.code')}</th>
                <th scope="col">{t('registry.col.kind')}</th>
                <th scope="col" className="num">
                  {t('registry.col.below')}
                </th>
                <th scope="col">{t('registry.col.state')}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map(({ node, expanded: isOpen, context }) => {
                const { point } = node;
                const hasChildren = node.children.length > 0;
                return (
                  <tr
                    key={point.code}
                    data-code={point.code}
                    className={[
                      context ? 'context' : '',
                      point.active ? '' : 'inactive',
                      selected === point.code ? 'selected' : '',
                    ].join(' ')}
                  >
                    <th scope="row" style={{ paddingLeft: `${0.4 + node.depth * 1.4}rem` }}>
                      <div className="tree-cell">
                        {hasChildren ? (
                          <button
                            type="button"
                            className="toggle"
                            aria-expanded={isOpen}
                            aria-label={t(isOpen ? 'registry.collapse' : 'registry.expand', {
                              name: point.name,
                            })}
                            disabled={filtering}
                            onClick={() => onToggle([point.code], !isOpen)}
                          >
                            <span aria-hidden="true">{isOpen ? '▾' : '▸'}</span>
                          </button>
                        ) : (
                          <span className="toggle-space" />
                        )}
                        <Link
                          to={`${BASE}/point/${point.code}`}
                          aria-current={selected === point.code ? 'page' : undefined}
                        >
                          {point.name}
                        </Link>
                      </div>
                    </th>
                    <td className="code">{point.code}</td>
                    <td>{t(`registry.kind.${point.kind}`)}</td>
                    <td className="num">
                      {hasChildren ? (
                        <span title={t('registry.belowTitle', { n: node.children.length })}>
                          {node.descendants}
                        </span>
                      ) : (
                        ''
                      )}
                    </td>
                    <td>
                      {point.active ? (
                        <span className="muted">{t('registry.state.activeOne')}</span>
                      ) : (
                        <span className="badge inactive-badge">
                          {t('registry.state.inactiveOne')}
                        </span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      {rows.length > limit ? (
        <p className="row">
          <span className="muted">{t('registry.more', { shown: limit, total: rows.length })}</span>
          <button type="button" onClick={() => setLimit(limit + PAGE_ROWS)}>
            {t('registry.showMore', { n: Math.min(PAGE_ROWS, rows.length - limit) })}
          </button>
        </p>
      ) : null}
    </div>
  );
}
