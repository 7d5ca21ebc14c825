// The bulk issue: the clerk chooses which points (all provinces, all central
// bodies, a region, a province's communes, or points picked one by one),
// sees how many that is, and issues in one action; a reissue asks first.
import { useId, useMemo, useState } from 'react';
import type { PointView } from '../../../../../src/contract/index.js';
import { ActionError } from '../../../api/http.js';
import { useI18n } from '../../../i18n/i18n.js';
import { ConfirmButton, ErrorNote } from '../../../ui/common.js';
import { useAction } from '../../../ui/hooks.js';
import { useUserLogin } from '../SecretariatLayout.js';
import { type IssuedCredential, issueCredentials } from './api.js';
import { PointPicker } from './PointPicker.js';
import {
  provincesWithCommunes,
  regionParents,
  requestBody,
  SELECTION_MODES,
  type Selection,
  type SelectionMode,
  selectedPoints,
} from './selection.js';

const PREVIEW = 12;

export function IssueForm({
  points,
  onIssued,
}: {
  points: PointView[];
  onIssued: (issued: IssuedCredential[]) => void;
}) {
  const { t } = useI18n();
  const { token } = useUserLogin();
  const id = useId();
  const [mode, setMode] = useState<SelectionMode>('provinces');
  const [parent, setParent] = useState('');
  const [province, setProvince] = useState('');
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  const [label, setLabel] = useState('');
  const [replace, setReplace] = useState(false);

  const selection: Selection = useMemo(() => {
    if (mode === 'region') return { mode, parent };
    if (mode === 'communes') return { mode, province };
    if (mode === 'picked') return { mode, codes: [...picked] };
    return { mode };
  }, [mode, parent, province, picked]);
  const chosen = useMemo(() => selectedPoints(selection, points), [selection, points]);
  const parents = useMemo(() => regionParents(points), [points]);
  const provinces = useMemo(() => provincesWithCommunes(points), [points]);
  const body = requestBody(selection, { replace, label });

  const issue = useAction(async () => {
    if (!body) return;
    onIssued(await issueCredentials(token, body));
  });

  if (points.length === 0) return <p className="warning">{t('credentials.issue.empty')}</p>;
  const ready = body !== null && chosen.length > 0 && !issue.pending;
  return (
    <section className="panel issue-form" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>{t('credentials.issue.heading')}</h3>
      <fieldset className="issue-modes">
        <legend>{t('credentials.issue.choose')}</legend>
        {SELECTION_MODES.map((m) => (
          <label key={m}>
            <input
              type="radio"
              name={`${id}-mode`}
              value={m}
              checked={mode === m}
              onChange={() => setMode(m)}
            />{' '}
            {t(`credentials.mode.${m}`)}
          </label>
        ))}
      </fieldset>

      {mode === 'region' ? (
        <div className="row">
          <label htmlFor={`${id}-parent`}>{t('credentials.issue.parent')}</label>
          <select id={`${id}-parent`} value={parent} onChange={(e) => setParent(e.target.value)}>
            <option value="">{t('credentials.issue.chooseOne')}</option>
            {parents.map((p) => (
              <option key={p.code} value={p.code}>
                {p.name} ({p.code})
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {mode === 'communes' ? (
        provinces.length === 0 ? (
          <p className="warning">{t('credentials.issue.noCommunes')}</p>
        ) : (
          <div className="row">
            <label htmlFor={`${id}-province`}>{t('credentials.issue.province')}</label>
            <select
              id={`${id}-province`}
              value={province}
              onChange={(e) => setProvince(e.target.value)}
            >
              <option value="">{t('credentials.issue.chooseOne')}</option>
              {provinces.map((p) => (
                <option key={p.code} value={p.code}>
                  {p.name}
                </option>
              ))}
            </select>
          </div>
        )
      ) : null}
      {mode === 'picked' ? (
        <PointPicker points={points} picked={picked} onChange={setPicked} />
      ) : null}

      <div className="issue-preview" aria-live="polite" data-count={chosen.length}>
        {chosen.length === 0 ? (
          <p className="muted">{t('credentials.issue.none')}</p>
        ) : (
          <p>
            <strong>{t('credentials.issue.count', { n: chosen.length })}</strong>{' '}
            {chosen
              .slice(0, PREVIEW)
              .map((p) => p.name)
              .join(', ')}
            {chosen.length > PREVIEW
              ? ` ${t('credentials.issue.more', { n: chosen.length - PREVIEW })}`
              : ''}
          </p>
        )}
      </div>

      <label htmlFor={`${id}-label`} className="block-label">
        {t('credentials.issue.label')}
      </label>
      <input
        id={`${id}-label`}
        className="issue-label"
        value={label}
        maxLength={100}
        onChange={(e) => setLabel(e.target.value)}
      />
      <div className="issue-replace">
        <label>
          <input
            type="checkbox"
            checked={replace}
            onChange={(e) => setReplace(e.target.checked)}
            aria-describedby={`${id}-replace-hint`}
          />{' '}
          {t('credentials.issue.replace')}
        </label>
        <p id={`${id}-replace-hint`} className="hint">
          {t('credentials.issue.replaceHint')}
        </p>
      </div>
      <div className="row">
        {replace ? (
          <ConfirmButton
            className="danger"
            label={t('credentials.issue.submit')}
            question={t('credentials.issue.confirmReplace', { n: chosen.length })}
            confirmLabel={t('credentials.issue.confirmReplaceButton')}
            disabled={!ready}
            onConfirm={() => issue.run()}
          />
        ) : (
          <button type="button" className="primary" disabled={!ready} onClick={() => issue.run()}>
            {t('credentials.issue.submit')}
          </button>
        )}
      </div>
      <IssueError error={issue.error} />
    </section>
  );
}

/** The issue's failure, in the words of this page where the shared ones are too general. */
export function IssueError({ error }: { error: unknown }) {
  const { t } = useI18n();
  if (error instanceof ActionError && error.code === 'UNKNOWN_REFERENCE')
    return (
      <p className="error" role="alert">
        {t('credentials.error.noPoints')}
      </p>
    );
  if (error instanceof ActionError && error.status === 409)
    return (
      <p className="error" role="alert">
        {t('credentials.error.inactive')}
      </p>
    );
  return <ErrorNote error={error} />;
}
