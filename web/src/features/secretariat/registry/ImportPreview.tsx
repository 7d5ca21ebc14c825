// What the check of a CSV found: every problem by line (and nothing written),
// or how many points the import will create, update and leave as they are.
import { useI18n } from '../../../i18n/i18n.js';
import { type ImportProblem, lineOf } from './problems.js';
import type { ImportResult } from './registry-api.js';

/** Rows listed in the preview; a larger file shows the first ones and says so. */
const PREVIEW_ROWS = 500;

export function ImportPreview({
  checked,
  total,
  pending,
  onImport,
}: {
  checked:
    | { kind: 'ok'; csv: string; result: ImportResult }
    | { kind: 'invalid'; csv: string; problems: ImportProblem[] };
  total: number;
  pending: boolean;
  onImport(): void;
}) {
  const { t } = useI18n();
  if (checked.kind === 'invalid') {
    return (
      <section className="panel import-problems" aria-labelledby="import-problems-heading">
        <h3 id="import-problems-heading">
          {t('registry.csv.problems', { n: checked.problems.length })}
        </h3>
        <p className="error" role="alert">
          {t('registry.csv.nothingWritten')}
        </p>
        <section
          className="registry-table-wrap"
          aria-label={t('registry.csv.problemsCaption')}
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard
          tabIndex={0}
        >
          <table className="import-problem-table">
            <thead>
              <tr>
                <th scope="col">{t('registry.csv.line')}</th>
                <th scope="col">{t('registry.csv.column')}</th>
                <th scope="col">{t('registry.csv.problem')}</th>
              </tr>
            </thead>
            <tbody>
              {checked.problems.map((p) => (
                <tr key={`${p.line}-${p.column}-${p.message}`} data-line={p.line}>
                  <td className="num">{p.line}</td>
                  <td>
                    <code>{p.column}</code>
                  </td>
                  <td>
                    {p.message}
                    {p.line > 1 && lineOf(checked.csv, p.line) ? (
                      <span className="import-line">{lineOf(checked.csv, p.line)}</span>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </section>
    );
  }
  const { result } = checked;
  const all = result.rows ?? [];
  const rows = all.slice(0, PREVIEW_ROWS);
  return (
    <section className="panel import-ok" aria-labelledby="import-ok-heading">
      <h3 id="import-ok-heading">{t('registry.csv.ready')}</h3>
      <ul className="import-counts">
        <li data-count="created">
          <strong>{result.created}</strong> {t('registry.csv.willCreate')}
        </li>
        <li data-count="updated">
          <strong>{result.updated}</strong> {t('registry.csv.willUpdate')}
        </li>
        <li data-count="unchanged">
          <strong>{result.unchanged}</strong> {t('registry.csv.willKeep')}
        </li>
      </ul>
      <p className="muted">{t('registry.csv.notYet')}</p>
      <div className="row">
        <button type="button" className="primary" disabled={pending} onClick={onImport}>
          {pending ? t('registry.csv.importing') : t('registry.csv.import', { n: total })}
        </button>
      </div>
      {all.length > rows.length ? (
        <p className="muted">
          {t('registry.csv.firstRows', { n: rows.length, total: all.length })}
        </p>
      ) : null}
      {rows.length > 0 ? (
        <section
          className="registry-table-wrap import-rows"
          aria-label={t('registry.csv.rowsCaption')}
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard
          tabIndex={0}
        >
          <table>
            <caption className="visually-hidden">{t('registry.csv.rowsCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('registry.csv.line')}</th>
                <th scope="col">{t('registry.col.code')}</th>
                <th scope="col">{t('registry.col.name')}</th>
                <th scope="col">{t('registry.csv.action')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.line} data-action={r.action}>
                  <td className="num">{r.line}</td>
                  <td className="code">{r.code}</td>
                  <td>{r.name}</td>
                  <td className={`action-${r.action}`}>{t(`registry.csv.action.${r.action}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </section>
  );
}
