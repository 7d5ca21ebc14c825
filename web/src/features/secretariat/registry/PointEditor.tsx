// One point: its code, name, kind and parent, the operator to call, the
// standing delegate roster; deactivate or reactivate. Also the form for a new
// point. The server's refusals are shown beside the fields they concern.
import { type FormEvent, useEffect, useId, useMemo, useState } from 'react';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import type { PointKind, PointView } from '../../../../../src/contract/index.js';
import { ActionError, api } from '../../../api/http.js';
import { useI18n } from '../../../i18n/i18n.js';
import { ConfirmButton, ErrorNote } from '../../../ui/common.js';
import { useAction } from '../../../ui/hooks.js';
import { fieldProblems } from './problems.js';
import { RosterEditor, type RosterRow, rosterRow } from './RosterEditor.js';
import {
  BASE,
  createPoint,
  deactivatePoint,
  type PointInput,
  updatePoint,
} from './registry-api.js';
import { ALLOWED_PARENTS, KINDS, parentChoices, type Tree } from './tree.js';

interface Draft {
  code: string;
  name: string;
  kind: PointKind;
  parentCode: string;
  operatorName: string;
  operatorPhone: string;
  roster: RosterRow[];
}

/** A new point under `parent`: the kind that usually hangs there. */
function blankDraft(tree: Tree, parent: string | null): Draft {
  const parentKind = parent ? tree.byCode.get(parent)?.point.kind : undefined;
  const kind: PointKind =
    parentKind === 'province' || parentKind === 'district'
      ? 'commune'
      : tree.size === 0
        ? 'central-hall'
        : 'province';
  const hall = [...tree.byCode.values()].find((n) => n.point.kind === 'central-hall');
  return {
    code: '',
    name: '',
    kind,
    parentCode: parent ?? (kind === 'province' ? (hall?.point.code ?? '') : ''),
    operatorName: '',
    operatorPhone: '',
    roster: [],
  };
}

const toDraft = (p: PointView): Draft => ({
  code: p.code,
  name: p.name,
  kind: p.kind,
  parentCode: p.parentCode ?? '',
  operatorName: p.operatorName ?? '',
  operatorPhone: p.operatorPhone ?? '',
  roster: p.roster.map((r) => rosterRow(r.name, r.title ?? '')),
});

function toInput(d: Draft): PointInput {
  const roster = d.roster
    .map((r) => ({ name: r.name.trim(), title: r.title.trim() }))
    .filter((r) => r.name || r.title)
    .map((r) => (r.title ? r : { name: r.name }));
  return {
    code: d.code.trim(),
    name: d.name.trim(),
    kind: d.kind,
    parentCode: d.parentCode || null,
    operatorName: d.operatorName.trim() || null,
    operatorPhone: d.operatorPhone.trim() || null,
    roster,
  };
}

export function PointEditor({
  code,
  tree,
  token,
  onSaved,
}: {
  /** The point to edit; none: a new point. */
  code?: string;
  tree: Tree;
  token: string;
  onSaved(): Promise<void>;
}) {
  const { t, lang, dateTime, errorText } = useI18n();
  const id = useId();
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const [point, setPoint] = useState<PointView | null>(null);
  const [draft, setDraft] = useState<Draft | null>(() =>
    code ? null : blankDraft(tree, search.get('parent')),
  );
  const [loadError, setLoadError] = useState<unknown>(null);
  const location = useLocation();
  const [done, setDone] = useState<string | null>(() =>
    (location.state as { created?: boolean } | null)?.created ? t('registry.created') : null,
  );

  useEffect(() => {
    if (!code) return;
    api<PointView>('GET', `/api/v1/points/${encodeURIComponent(code)}`, { token }).then((p) => {
      setPoint(p);
      setDraft(toDraft(p));
    }, setLoadError);
  }, [code, token]);

  const save = useAction(async (d: Draft) => {
    setDone(null);
    const input = toInput(d);
    if (!code) {
      const created = await createPoint(token, input);
      await onSaved();
      navigate(`${BASE}/point/${created.code}`, { state: { created: true } });
      return;
    }
    const { code: _code, ...changes } = input;
    const saved = await updatePoint(token, code, changes);
    setPoint(saved);
    setDraft(toDraft(saved));
    setDone(t('registry.saved'));
    await onSaved();
  });
  const setActive = useAction(async (active: boolean) => {
    if (!code) return;
    setDone(null);
    const saved = active
      ? await updatePoint(token, code, { active: true })
      : await deactivatePoint(token, code);
    setPoint(saved);
    setDone(t(active ? 'registry.reactivated' : 'registry.deactivated'));
    await onSaved();
  });

  const kind = draft?.kind;
  const choices = useMemo(() => (kind ? parentChoices(tree, kind, code) : []), [tree, kind, code]);
  const errors = useMemo(
    () => (save.error instanceof ActionError ? fieldProblems(save.error, lang) : {}),
    [save.error, lang],
  );

  if (loadError) return <ErrorNote error={loadError} />;
  if (!draft) return <p className="muted">{t('common.loading')}</p>;

  const set = (patch: Partial<Draft>) => setDraft({ ...draft, ...patch });
  const changeKind = (kind: PointKind) => {
    const parentKind = tree.byCode.get(draft.parentCode)?.point.kind;
    const fits = parentKind !== undefined && ALLOWED_PARENTS[kind].includes(parentKind);
    const only = parentChoices(tree, kind, code);
    set({
      kind,
      parentCode: fits ? draft.parentCode : only.length === 1 ? (only[0]?.code ?? '') : '',
    });
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save.run(draft);
  };
  const field = (name: string) => ({
    id: `${id}-${name}`,
    'aria-invalid': errors[name] ? true : undefined,
    'aria-describedby': errors[name] ? `${id}-${name}-error` : undefined,
  });
  const problem = (name: string) =>
    errors[name] ? (
      <span className="field-error" id={`${id}-${name}-error`}>
        {errors[name]}
      </span>
    ) : null;
  const hasFieldErrors = Object.keys(errors).length > 0;

  return (
    <div className="point-editor" data-editing={code ?? ''}>
      <h3>{code ? t('registry.edit', { name: point?.name ?? code }) : t('registry.new')}</h3>
      {point ? (
        <p className="muted point-meta">
          {point.active ? (
            t('registry.state.activeOne')
          ) : (
            <span className="badge inactive-badge">{t('registry.state.inactiveOne')}</span>
          )}{' '}
          · {t('registry.updatedAt', { at: dateTime(point.updatedAt) })}
        </p>
      ) : null}
      {done ? (
        <p className="ok" role="status">
          {done}
        </p>
      ) : null}
      <form onSubmit={submit} noValidate className="point-form">
        <div className="registry-fields">
          <label htmlFor={`${id}-code`}>{t('registry.field.code')}</label>
          <div>
            <input
              {...field('code')}
              value={draft.code}
              readOnly={Boolean(code)}
              maxLength={64}
              autoComplete="off"
              spellCheck={false}
              onChange={(e) => set({ code: e.target.value })}
            />
            {code ? null : <span className="hint">{t('registry.field.codeHint')}</span>}
            {problem('code')}
          </div>
          <label htmlFor={`${id}-name`}>{t('registry.field.name')}</label>
          <div>
            <input
              {...field('name')}
              value={draft.name}
              maxLength={200}
              onChange={(e) => set({ name: e.target.value })}
            />
            {problem('name')}
          </div>
          <label htmlFor={`${id}-kind`}>{t('registry.field.kind')}</label>
          <div>
            <select
              {...field('kind')}
              value={draft.kind}
              onChange={(e) => changeKind(e.target.value as PointKind)}
            >
              {KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`registry.kind.${k}`)}
                </option>
              ))}
            </select>
            {problem('kind')}
          </div>
          <label htmlFor={`${id}-parentCode`}>{t('registry.field.parent')}</label>
          <div>
            <select
              {...field('parentCode')}
              value={draft.parentCode}
              disabled={ALLOWED_PARENTS[draft.kind].length === 0}
              onChange={(e) => set({ parentCode: e.target.value })}
            >
              <option value="">{t('registry.field.noParent')}</option>
              {choices.map((p) => (
                <option key={p.code} value={p.code}>
                  {p.name} ({p.code}){p.active ? '' : ` — ${t('registry.state.inactiveOne')}`}
                </option>
              ))}
            </select>
            {problem('parentCode')}
          </div>
        </div>
        <fieldset className="registry-operator">
          <legend>{t('registry.operator')}</legend>
          <div className="registry-fields">
            <label htmlFor={`${id}-operatorName`}>{t('registry.field.operatorName')}</label>
            <div>
              <input
                {...field('operatorName')}
                value={draft.operatorName}
                maxLength={200}
                autoComplete="off"
                onChange={(e) => set({ operatorName: e.target.value })}
              />
              {problem('operatorName')}
            </div>
            <label htmlFor={`${id}-operatorPhone`}>{t('registry.field.operatorPhone')}</label>
            <div>
              <input
                {...field('operatorPhone')}
                type="tel"
                value={draft.operatorPhone}
                maxLength={40}
                autoComplete="off"
                onChange={(e) => set({ operatorPhone: e.target.value })}
              />
              {problem('operatorPhone')}
            </div>
          </div>
        </fieldset>
        <RosterEditor rows={draft.roster} onChange={(roster) => set({ roster })} errors={errors} />
        {save.error ? (
          <p className="error" role="alert">
            {errors.form ?? (hasFieldErrors ? t('registry.fixFields') : errorText(save.error))}
          </p>
        ) : null}
        <div className="row">
          <button type="submit" className="primary" disabled={save.pending}>
            {code ? t('registry.save') : t('registry.create')}
          </button>
          <Link className="button" to={BASE}>
            {t('common.cancel')}
          </Link>
        </div>
      </form>
      {point ? (
        <div className="point-more">
          <p>
            <Link to={`${BASE}/new?parent=${encodeURIComponent(point.code)}`}>
              {t('registry.addChild')}
            </Link>
          </p>
          {point.active ? (
            <ConfirmButton
              className="danger"
              label={t('registry.deactivate')}
              question={t('registry.deactivateQuestion', { name: point.name })}
              disabled={setActive.pending}
              onConfirm={() => void setActive.run(false)}
            />
          ) : (
            <button
              type="button"
              disabled={setActive.pending}
              onClick={() => void setActive.run(true)}
            >
              {t('registry.reactivate')}
            </button>
          )}
          <ErrorNote error={setActive.error} />
        </div>
      ) : null}
    </div>
  );
}
