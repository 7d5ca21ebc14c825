// The standing delegate roster of a point: who usually attends (name, title);
// rows added, edited and removed in place.
import { useId } from 'react';
import { useI18n } from '../../../i18n/i18n.js';

export interface RosterRow {
  /** Stable across edits so React keeps each row's inputs. */
  key: number;
  name: string;
  title: string;
}

let nextKey = 1;
export const rosterRow = (name = '', title = ''): RosterRow => ({ key: nextKey++, name, title });

export function RosterEditor({
  rows,
  onChange,
  errors,
}: {
  rows: RosterRow[];
  onChange(rows: RosterRow[]): void;
  errors: Record<string, string>;
}) {
  const { t } = useI18n();
  const id = useId();
  const update = (key: number, patch: Partial<RosterRow>) =>
    onChange(rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  return (
    <fieldset className="registry-roster">
      <legend>{t('registry.roster')}</legend>
      <p className="hint">{t('registry.rosterHint')}</p>
      {rows.length > 0 ? (
        <table className="delegates">
          <thead>
            <tr>
              <th scope="col">{t('registry.roster.no')}</th>
              <th scope="col">{t('registry.roster.name')}</th>
              <th scope="col">{t('registry.roster.title')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('common.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => {
              const problem =
                errors[`roster/${i}/name`] ?? errors[`roster/${i}/title`] ?? errors[`roster/${i}`];
              return (
                <tr key={row.key} data-roster-row={i}>
                  <td>{i + 1}</td>
                  <td>
                    <label className="visually-hidden" htmlFor={`${id}-n${row.key}`}>
                      {t('registry.roster.nameOf', { n: i + 1 })}
                    </label>
                    <input
                      id={`${id}-n${row.key}`}
                      value={row.name}
                      maxLength={200}
                      aria-invalid={problem ? true : undefined}
                      onChange={(e) => update(row.key, { name: e.target.value })}
                    />
                    {problem ? <span className="field-error">{problem}</span> : null}
                  </td>
                  <td>
                    <label className="visually-hidden" htmlFor={`${id}-t${row.key}`}>
                      {t('registry.roster.titleOf', { n: i + 1 })}
                    </label>
                    <input
                      id={`${id}-t${row.key}`}
                      value={row.title}
                      maxLength={200}
                      onChange={(e) => update(row.key, { title: e.target.value })}
                    />
                  </td>
                  <td>
                    <button
                      type="button"
                      className="remove"
                      aria-label={t('registry.roster.remove', { n: i + 1 })}
                      onClick={() => onChange(rows.filter((r) => r.key !== row.key))}
                    >
                      <span aria-hidden="true">×</span>
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : (
        <p className="muted">{t('registry.rosterEmpty')}</p>
      )}
      {errors.roster ? <p className="error">{errors.roster}</p> : null}
      <button
        type="button"
        onClick={() => {
          const row = rosterRow();
          onChange([...rows, row]);
          // The new row's name takes the keyboard.
          requestAnimationFrame(() => document.getElementById(`${id}-n${row.key}`)?.focus());
        }}
      >
        {t('registry.roster.add')}
      </button>
    </fieldset>
  );
}
