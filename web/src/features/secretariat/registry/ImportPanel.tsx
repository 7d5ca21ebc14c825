// Import points from a CSV file: pick a file or paste text, check it first
// (the server's dry run writes nothing), see every problem by line or what
// would change, and only then import for real.
import { type ChangeEvent, useEffect, useId, useRef, useState } from 'react';
import { Link } from 'react-router';
import seedCsv from '../../../../../seeds/points-2025.csv?raw';
import { ActionError } from '../../../api/http.js';
import { useI18n } from '../../../i18n/i18n.js';
import { ErrorNote } from '../../../ui/common.js';
import { useAction } from '../../../ui/hooks.js';
import { ImportPreview } from './ImportPreview.js';
import { type ImportProblem, importProblems } from './problems.js';
import { BASE, type ImportResult, importCsv, SAMPLE_CSV } from './registry-api.js';

type Checked =
  | { kind: 'ok'; csv: string; result: ImportResult }
  | { kind: 'invalid'; csv: string; problems: ImportProblem[] };

export function ImportPanel({ token, onImported }: { token: string; onImported(): Promise<void> }) {
  const { t, lang } = useI18n();
  const id = useId();
  const [csv, setCsv] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [checked, setChecked] = useState<Checked | null>(null);
  const [imported, setImported] = useState<ImportResult | null>(null);
  const badEncoding = csv.includes('\uFFFD');
  // What a check or an import found takes the keyboard and the screen.
  const result = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (checked || imported) result.current?.focus();
  }, [checked, imported]);

  const check = useAction(async (text: string) => {
    setImported(null);
    setChecked(null);
    try {
      setChecked({ kind: 'ok', csv: text, result: await importCsv(token, text, true) });
    } catch (error) {
      if (error instanceof ActionError && error.code === 'CSV_INVALID')
        setChecked({ kind: 'invalid', csv: text, problems: importProblems(error.fields, lang) });
      else throw error;
    }
  });
  const run = useAction(async (text: string) => {
    try {
      const result = await importCsv(token, text, false);
      setImported(result);
      setChecked(null);
      await onImported();
    } catch (error) {
      if (error instanceof ActionError && error.code === 'CSV_INVALID')
        setChecked({ kind: 'invalid', csv: text, problems: importProblems(error.fields, lang) });
      else throw error;
    }
  });

  const edit = (text: string) => {
    setCsv(text);
    setChecked(null);
    setImported(null);
  };
  const pick = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) return;
    setFileName(file.name);
    edit(await file.text());
  };
  const downloadSample = () => {
    const url = URL.createObjectURL(
      new Blob([`\uFEFF${SAMPLE_CSV}`], { type: 'text/csv;charset=utf-8' }),
    );
    const a = document.createElement('a');
    a.href = url;
    a.download = 'diem-cau-mau.csv';
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  const current = checked && checked.csv === csv ? checked : null;
  const total =
    current?.kind === 'ok'
      ? current.result.created + current.result.updated + current.result.unchanged
      : 0;

  return (
    <div className="registry-import">
      <div className="import-work">
        <section className="panel" aria-labelledby={`${id}-file`}>
          <h3 id={`${id}-file`}>{t('registry.csv.fileHeading')}</h3>
          <label htmlFor={`${id}-pick`}>{t('registry.csv.pick')}</label>
          <input id={`${id}-pick`} type="file" accept=".csv,text/csv,text/plain" onChange={pick} />
          {fileName ? (
            <p className="muted">{t('registry.csv.picked', { name: fileName })}</p>
          ) : null}
          <label htmlFor={`${id}-text`}>{t('registry.csv.paste')}</label>
          <textarea
            id={`${id}-text`}
            value={csv}
            rows={10}
            spellCheck={false}
            placeholder="code,name,kind,parent_code"
            onChange={(e) => edit(e.target.value)}
          />
          {badEncoding ? <p className="warning">{t('registry.csv.encoding')}</p> : null}
          <div className="row">
            <button
              type="button"
              className="primary"
              disabled={!csv.trim() || check.pending}
              onClick={() => void check.run(csv)}
            >
              {check.pending ? t('registry.csv.checking') : t('registry.csv.check')}
            </button>
          </div>
          <ErrorNote error={check.error} />
        </section>

        <div className="import-result" ref={result} tabIndex={-1}>
          {current ? (
            <ImportPreview
              checked={current}
              total={total}
              pending={run.pending}
              onImport={() => void run.run(current.csv)}
            />
          ) : null}
          <ErrorNote error={run.error} />
          {imported ? (
            <div className="ok registry-imported" role="status">
              <p>
                {t('registry.csv.done', {
                  created: imported.created,
                  updated: imported.updated,
                  unchanged: imported.unchanged,
                })}
              </p>
              <Link to={BASE}>{t('registry.backToTree')}</Link>
            </div>
          ) : null}
        </div>
      </div>
      <section className="panel import-help" aria-labelledby={`${id}-how`}>
        <h3 id={`${id}-how`}>{t('registry.csv.heading')}</h3>
        <p>{t('registry.csv.intro')}</p>
        <table className="registry-columns">
          <caption className="visually-hidden">{t('registry.csv.columns')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('registry.csv.column')}</th>
              <th scope="col">{t('registry.csv.meaning')}</th>
            </tr>
          </thead>
          <tbody>
            {(
              ['code', 'name', 'kind', 'parent_code', 'operator_name', 'operator_phone'] as const
            ).map((c) => (
              <tr key={c}>
                <th scope="row">
                  <code>{c}</code>
                </th>
                <td>{t(`registry.csv.col.${c}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="hint">{t('registry.csv.rules')}</p>
        <div className="row">
          <button type="button" onClick={downloadSample}>
            {t('registry.csv.sample')}
          </button>
          <button type="button" onClick={() => edit(SAMPLE_CSV)}>
            {t('registry.csv.sampleFill')}
          </button>
          <button type="button" onClick={() => edit(seedCsv)}>
            {t('registry.csv.seedFill')}
          </button>
        </div>
      </section>
    </div>
  );
}
