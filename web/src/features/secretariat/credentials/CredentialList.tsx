// The credentials issued so far (never their tokens): per point when it was
// issued, when it was last used, whether it is revoked; revoke one, or
// reissue a point's (its old ones stop at once, the new sheet is shown).
import { useCallback, useEffect, useId, useMemo, useState } from 'react';
import type { PointKind, PointView } from '../../../../../src/contract/index.js';
import { POINT_KINDS } from '../../../../../src/contract/index.js';
import { useI18n } from '../../../i18n/i18n.js';
import { ConfirmButton, ErrorNote } from '../../../ui/common.js';
import { useAction } from '../../../ui/hooks.js';
import { useUserLogin } from '../SecretariatLayout.js';
import {
  type IssuedCredential,
  issueCredentials,
  type ListedCredential,
  type ListFilter,
  listCredentials,
  revokeCredential,
} from './api.js';
import { IssueError } from './IssueForm.js';
import { sortCredentials } from './list.js';
import { regionParents } from './selection.js';

/** Rows drawn at most; the filters narrow thousands of communes. */
const SHOWN = 500;

export function CredentialList({
  points,
  onIssued,
}: {
  points: PointView[];
  onIssued: (issued: IssuedCredential[]) => void;
}) {
  const { t, dateTime } = useI18n();
  const { token } = useUserLogin();
  const id = useId();
  const [filter, setFilter] = useState<ListFilter>({ kind: '', parent: '', showRevoked: false });
  const [rows, setRows] = useState<ListedCredential[] | null>(null);
  const [note, setNote] = useState('');
  const parents = useMemo(() => regionParents(points), [points]);

  const load = useAction(async () => {
    setRows(sortCredentials(await listCredentials(token, filter)));
  });
  const reload = load.run;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the list follows its filter
  useEffect(() => {
    reload();
  }, [filter, reload]);

  const revoke = useAction(async (c: ListedCredential) => {
    await revokeCredential(token, c.code, c.id);
    setNote(t('credentials.list.revoked', { name: c.name }));
    await reload();
  });
  const reissue = useAction(async (c: ListedCredential) => {
    onIssued(await issueCredentials(token, { pointCodes: [c.code], replace: true }));
  });
  const set = useCallback(
    (patch: Partial<ListFilter>) => setFilter((f) => ({ ...f, ...patch })),
    [],
  );

  return (
    <section className="panel credential-list" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>{t('credentials.list.heading')}</h3>
      <fieldset className="list-filters">
        <legend className="visually-hidden">{t('credentials.list.filters')}</legend>
        <label htmlFor={`${id}-kind`}>{t('credentials.list.kind')}</label>
        <select
          id={`${id}-kind`}
          value={filter.kind}
          onChange={(e) => set({ kind: e.target.value as PointKind | '' })}
        >
          <option value="">{t('credentials.list.allKinds')}</option>
          {POINT_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`credentials.kind.${k}`)}
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-parent`}>{t('credentials.list.parent')}</label>
        <select
          id={`${id}-parent`}
          value={filter.parent}
          onChange={(e) => set({ parent: e.target.value })}
        >
          <option value="">{t('credentials.list.anyParent')}</option>
          {parents.map((p) => (
            <option key={p.code} value={p.code}>
              {p.name}
            </option>
          ))}
        </select>
        <label className="inline">
          <input
            type="checkbox"
            checked={filter.showRevoked}
            onChange={(e) => set({ showRevoked: e.target.checked })}
          />{' '}
          {t('credentials.list.showRevoked')}
        </label>
        <button type="button" onClick={() => reload()} disabled={load.pending}>
          {t('credentials.list.refresh')}
        </button>
      </fieldset>
      <ErrorNote error={load.error} />
      <ErrorNote error={revoke.error} />
      <IssueError error={reissue.error} />
      {note ? (
        <p className="ok" role="status">
          {note}
        </p>
      ) : null}
      {rows === null ? (
        load.error ? null : (
          <p role="status">{t('common.loading')}</p>
        )
      ) : rows.length === 0 ? (
        <p className="muted">{t('credentials.list.empty')}</p>
      ) : (
        <>
          <p className="muted" data-count={rows.length}>
            {rows.length > SHOWN
              ? t('credentials.list.capped', { shown: SHOWN, n: rows.length })
              : t('credentials.list.count', { n: rows.length })}
          </p>
          <div className="table-wrap">
            <table className="credential-table">
              <thead>
                <tr>
                  <th scope="col">{t('credentials.list.col.point')}</th>
                  <th scope="col">{t('credentials.list.col.label')}</th>
                  <th scope="col">{t('credentials.list.col.issued')}</th>
                  <th scope="col">{t('credentials.list.col.lastUsed')}</th>
                  <th scope="col">{t('credentials.list.col.state')}</th>
                  <th scope="col">{t('common.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.slice(0, SHOWN).map((c) => (
                  <tr
                    key={c.id}
                    data-code={c.code}
                    data-credential={c.id}
                    className={c.revokedAt ? 'revoked' : undefined}
                  >
                    <th scope="row">
                      {c.name}
                      <span className="muted point-code">{c.code}</span>
                    </th>
                    <td>{c.label ?? ''}</td>
                    <td>{dateTime(c.createdAt)}</td>
                    <td data-last-used={c.lastUsedAt ?? ''}>
                      {c.lastUsedAt ? (
                        dateTime(c.lastUsedAt)
                      ) : (
                        <span className="muted">{t('credentials.list.neverUsed')}</span>
                      )}
                    </td>
                    <td data-revoked={c.revokedAt ? 'true' : 'false'}>
                      {c.revokedAt
                        ? t('credentials.list.revokedAt', { time: dateTime(c.revokedAt) })
                        : t('credentials.list.active')}
                    </td>
                    <td className="actions">
                      {c.revokedAt ? null : (
                        <ConfirmButton
                          className="danger"
                          label={t('credentials.list.revoke')}
                          question={t('credentials.list.revokeQuestion', { name: c.name })}
                          disabled={revoke.pending}
                          onConfirm={() => revoke.run(c)}
                        />
                      )}
                      <ConfirmButton
                        label={t('credentials.list.reissue')}
                        question={t('credentials.list.reissueQuestion', { name: c.name })}
                        disabled={reissue.pending}
                        onConfirm={() => reissue.run(c)}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
