// Points picked one by one: search by name or code (with or without the
// Vietnamese marks), narrow by kind, tick; the ticks survive a new search.
import { useId, useMemo, useState } from 'react';
import { POINT_KINDS, type PointKind, type PointView } from '../../../../../src/contract/index.js';
import { useI18n } from '../../../i18n/i18n.js';
import { byName, searchPoints } from './selection.js';

/** Rows drawn at most: thousands of communes stay usable; the search narrows. */
const SHOWN = 300;

export function PointPicker({
  points,
  picked,
  onChange,
}: {
  points: PointView[];
  picked: ReadonlySet<string>;
  onChange: (picked: ReadonlySet<string>) => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const [query, setQuery] = useState('');
  const [kind, setKind] = useState<PointKind | ''>('');
  const matching = useMemo(
    () => byName(searchPoints(points, query).filter((p) => !kind || p.kind === kind)),
    [points, query, kind],
  );
  const shown = matching.slice(0, SHOWN);
  const toggle = (code: string, on: boolean) => {
    const next = new Set(picked);
    if (on) next.add(code);
    else next.delete(code);
    onChange(next);
  };
  return (
    <fieldset className="point-picker">
      <legend>{t('credentials.pick.legend')}</legend>
      <div className="row">
        <label htmlFor={`${id}-q`}>{t('credentials.pick.search')}</label>
        <input
          id={`${id}-q`}
          type="search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        <label htmlFor={`${id}-kind`}>{t('credentials.pick.kind')}</label>
        <select
          id={`${id}-kind`}
          value={kind}
          onChange={(e) => setKind(e.target.value as PointKind | '')}
        >
          <option value="">{t('credentials.pick.allKinds')}</option>
          {POINT_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`credentials.kind.${k}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="row">
        <button
          type="button"
          disabled={shown.length === 0}
          onClick={() => onChange(new Set([...picked, ...shown.map((p) => p.code)]))}
        >
          {t('credentials.pick.all', { n: shown.length })}
        </button>
        <button type="button" disabled={picked.size === 0} onClick={() => onChange(new Set())}>
          {t('credentials.pick.clear')}
        </button>
        <span role="status">{t('credentials.pick.picked', { n: picked.size })}</span>
      </div>
      {matching.length === 0 ? (
        <p className="muted">{t('credentials.pick.noMatch')}</p>
      ) : (
        <ul className="pick-list">
          {shown.map((p) => (
            <li key={p.code}>
              <label>
                <input
                  type="checkbox"
                  checked={picked.has(p.code)}
                  onChange={(e) => toggle(p.code, e.target.checked)}
                />{' '}
                {p.name} <span className="muted">· {p.code}</span>
              </label>
            </li>
          ))}
        </ul>
      )}
      {matching.length > SHOWN ? (
        <p className="hint">{t('credentials.pick.shown', { shown: SHOWN, n: matching.length })}</p>
      ) : null}
    </fieldset>
  );
}
