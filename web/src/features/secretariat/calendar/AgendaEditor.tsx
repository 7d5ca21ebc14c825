// The agenda's items: title, presenter, planned minutes and speeches; added,
// removed and moved up or down (the buttons keep the focus on the moved item).
import { useEffect, useRef } from 'react';
import { useI18n } from '../../../i18n/i18n.js';
import { FieldProblem, wire } from './fields.js';
import { type AgendaRow, agendaRow, type Problems } from './form-model.js';

const COLUMNS = ['title', 'presenter', 'minutes', 'speeches'] as const;
const LABELS = {
  title: 'calendar.form.itemTitle',
  presenter: 'calendar.form.itemPresenter',
  minutes: 'calendar.form.itemMinutes',
  speeches: 'calendar.form.itemSpeeches',
} as const;

export function AgendaEditor({
  rows,
  problems,
  onChange,
}: {
  rows: AgendaRow[];
  problems: Problems;
  onChange(rows: AgendaRow[]): void;
}) {
  const { t } = useI18n();
  const focusNext = useRef<string | null>(null);
  useEffect(() => {
    if (!focusNext.current) return;
    document.getElementById(focusNext.current)?.focus();
    focusNext.current = null;
  });

  const update = (index: number, patch: Partial<AgendaRow>) =>
    onChange(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  const move = (index: number, by: -1 | 1) => {
    const target = index + by;
    if (target < 0 || target >= rows.length) return;
    const next = [...rows];
    [next[index], next[target]] = [next[target] as AgendaRow, next[index] as AgendaRow];
    const key = rows[index]?.key;
    // At the top or bottom the other button is the one still there.
    const edge = (by === -1 && target === 0) || (by === 1 && target === rows.length - 1);
    focusNext.current = `agenda-${key}-${edge ? (by === -1 ? 'down' : 'up') : by === -1 ? 'up' : 'down'}`;
    onChange(next);
  };
  const add = () => {
    const row = agendaRow();
    focusNext.current = `session-agenda-${rows.length}-title`;
    onChange([...rows, row]);
  };
  const remove = (index: number) => {
    focusNext.current =
      rows.length > 1 ? `session-agenda-${Math.max(0, index - 1)}-title` : 'agenda-add';
    onChange(rows.filter((_, i) => i !== index));
  };

  return (
    <>
      {rows.length === 0 ? (
        <p className="muted">{t('calendar.form.agendaEmpty')}</p>
      ) : (
        <table className="agenda-editor">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">{t('calendar.form.col.title')}</th>
              <th scope="col">{t('calendar.form.col.presenter')}</th>
              <th scope="col">{t('calendar.form.col.minutes')}</th>
              <th scope="col">{t('calendar.form.col.speeches')}</th>
              <th scope="col">{t('common.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => (
              <tr key={row.key}>
                <th scope="row">{i + 1}</th>
                {COLUMNS.map((column) => {
                  const field = `agenda.${i}.${column}` as const;
                  const numeric = column === 'minutes' || column === 'speeches';
                  return (
                    <td key={column} className={`col-${column}`}>
                      <label className="visually-hidden" htmlFor={wire(field, problems).id}>
                        {t(LABELS[column], { n: i + 1 })}
                      </label>
                      <input
                        {...wire(field, problems)}
                        type={numeric ? 'number' : 'text'}
                        min={numeric ? (column === 'minutes' ? 1 : 0) : undefined}
                        inputMode={numeric ? 'numeric' : undefined}
                        required={column === 'title'}
                        maxLength={numeric ? undefined : column === 'title' ? 300 : 200}
                        value={row[column]}
                        onChange={(e) => update(i, { [column]: e.target.value })}
                      />
                      <FieldProblem field={field} problems={problems} />
                    </td>
                  );
                })}
                <td className="row-actions">
                  <button
                    type="button"
                    id={`agenda-${row.key}-up`}
                    aria-label={t('calendar.form.up', { n: i + 1 })}
                    disabled={i === 0}
                    onClick={() => move(i, -1)}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    id={`agenda-${row.key}-down`}
                    aria-label={t('calendar.form.down', { n: i + 1 })}
                    disabled={i === rows.length - 1}
                    onClick={() => move(i, 1)}
                  >
                    ↓
                  </button>
                  <button
                    type="button"
                    aria-label={t('calendar.form.remove', { n: i + 1 })}
                    onClick={() => remove(i)}
                  >
                    ✕
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <button type="button" id="agenda-add" onClick={add}>
        + {t('calendar.form.addItem')}
      </button>
    </>
  );
}
