// The invited points, picked from the registry's tree: everything, the
// centre and all provinces, a whole region (a point and all under it), or
// one by one; the count always in view.
import { useMemo, useState } from 'react';
import { useI18n } from '../../../i18n/i18n.js';
import { FieldProblem, wire } from './fields.js';
import type { Problems } from './form-model.js';
import {
  buildTree,
  filterTree,
  type PointNode,
  provinceCodes,
  regionCodes,
  type TreePoint,
} from './point-tree.js';

export function PointPicker({
  points,
  selected,
  problems,
  onChange,
}: {
  points: TreePoint[];
  selected: string[];
  problems: Problems;
  onChange(codes: string[]): void;
}) {
  const { t } = useI18n();
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState<Set<string>>(() => new Set());
  const tree = useMemo(() => buildTree(points), [points]);
  const shown = useMemo(() => filterTree(tree, query), [tree, query]);
  const chosen = new Set(selected);
  const set = (codes: string[], on: boolean) => {
    const next = new Set(chosen);
    for (const c of codes) {
      if (on) next.add(c);
      else next.delete(c);
    }
    onChange(points.map((p) => p.code).filter((c) => next.has(c)));
  };
  const toggleOpen = (code: string) =>
    setOpen((before) => {
      const next = new Set(before);
      if (next.has(code)) next.delete(code);
      else next.add(code);
      return next;
    });

  const renderNode = (node: PointNode) => {
    const { code, name } = node.point;
    const region = node.children.length > 0 ? regionCodes(node) : [];
    const allIn = region.length > 0 && region.every((c) => chosen.has(c));
    const expanded = query.trim() !== '' || open.has(code);
    return (
      <li key={code} data-point={code}>
        <div className="tree-row">
          <input
            type="checkbox"
            id={`pick-${code}`}
            checked={chosen.has(code)}
            onChange={(e) => set([code], e.target.checked)}
          />
          <label htmlFor={`pick-${code}`}>{name}</label>
          {region.length > 0 ? (
            <>
              <button
                type="button"
                className="link"
                aria-expanded={expanded}
                aria-controls={`under-${code}`}
                onClick={() => toggleOpen(code)}
              >
                {expanded ? '▾' : '▸'} {region.length - 1}
                <span className="visually-hidden"> — {name}</span>
              </button>
              <button type="button" className="link" onClick={() => set(region, !allIn)}>
                {t(allIn ? 'calendar.form.pointsRegionOff' : 'calendar.form.pointsRegion', {
                  name,
                })}
              </button>
            </>
          ) : null}
        </div>
        {region.length > 0 && expanded ? (
          <ul id={`under-${code}`}>{node.children.map(renderNode)}</ul>
        ) : null}
      </li>
    );
  };

  return (
    <fieldset
      className="point-picker"
      id="session-points"
      aria-describedby={wire('points', problems)['aria-describedby']}
    >
      <legend>{t('calendar.form.points')}</legend>
      {points.length === 0 ? <p className="warning">{t('calendar.form.pointsEmpty')}</p> : null}
      <div className="row">
        <p className="picked-count" role="status" data-picked={selected.length}>
          {t('calendar.form.pointsCount', { n: selected.length, total: points.length })}
        </p>
        <button type="button" onClick={() => onChange(points.map((p) => p.code))}>
          {t('calendar.form.pointsAll')}
        </button>
        <button type="button" onClick={() => onChange(provinceCodes(points))}>
          {t('calendar.form.pointsProvinces')}
        </button>
        <button type="button" onClick={() => onChange([])}>
          {t('calendar.form.pointsNone')}
        </button>
        <label htmlFor="pick-search" className="visually-hidden">
          {t('calendar.form.pointsSearch')}
        </label>
        <input
          id="pick-search"
          type="search"
          placeholder={t('calendar.form.pointsSearch')}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
      </div>
      <FieldProblem field="points" problems={problems} />
      <ul className="point-tree">{shown.map(renderNode)}</ul>
    </fieldset>
  );
}
