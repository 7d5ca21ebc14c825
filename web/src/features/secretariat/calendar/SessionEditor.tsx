// The session form, to create (new) or edit (:id/edit, until it is live).
// Times are Vietnam's whatever the PC's zone; every refusal of the server is
// shown beside the field it concerns (a clash beside the times, naming the
// other session).
import { type FormEvent, useEffect, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import {
  SESSION_KINDS,
  type SessionView,
  type UserView,
} from '../../../../../src/contract/index.js';
import { api } from '../../../api/http.js';
import { useI18n } from '../../../i18n/i18n.js';
import { ErrorNote } from '../../../ui/common.js';
import { useUserLogin } from '../SecretariatLayout.js';
import { AgendaEditor } from './AgendaEditor.js';
import { ClashNote } from './ClashNote.js';
import { isDay, vnToday } from './dates.js';
import { Field, FieldProblem, wire } from './fields.js';
import {
  type Clash,
  checkForm,
  emptyForm,
  formBody,
  formFromSession,
  inputId,
  type Problems,
  type SessionForm,
  saveFailure,
} from './form-model.js';
import { PointPicker } from './PointPicker.js';
import { provinceCodes, type TreePoint } from './point-tree.js';

const EDITABLE = new Set(['draft', 'scheduled', 'checkin']);
const CLASH_ID = 'session-time-clash';

export function SessionEditor() {
  const { id } = useParams();
  const [search] = useSearchParams();
  const navigate = useNavigate();
  const { t } = useI18n();
  const { token } = useUserLogin();
  const [form, setForm] = useState<SessionForm | null>(() => {
    if (id) return null;
    const day = search.get('day');
    const blank = emptyForm(vnToday(), isDay(day) ? day : undefined);
    const [year, month] = blank.day.split('-');
    return {
      ...blank,
      title: t('calendar.form.defaultTitle', { month: Number(month), year: year as string }),
    };
  });
  const [original, setOriginal] = useState<SessionView | null>(null);
  const [users, setUsers] = useState<UserView[]>([]);
  const [points, setPoints] = useState<TreePoint[] | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [problems, setProblems] = useState<Problems>({});
  const [clashes, setClashes] = useState<Clash[]>([]);
  const [other, setOther] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    const options = { token, signal: controller.signal };
    const fail = (e: unknown) => controller.signal.aborted || setLoadError(e);
    api<{ users: UserView[] }>('GET', '/api/v1/users', options).then(
      (body) => setUsers(body.users.filter((u) => !u.disabled)),
      fail,
    );
    api<{ points: TreePoint[] }>('GET', '/api/v1/points?active=true&limit=20000', options).then(
      (body) => {
        setPoints(body.points);
        // A new session invites the centre and every province unless the clerk picks otherwise.
        if (!id)
          setForm((f) =>
            f && f.points.length === 0 ? { ...f, points: provinceCodes(body.points) } : f,
          );
      },
      fail,
    );
    if (id)
      api<SessionView>('GET', `/api/v1/sessions/${id}`, options).then((s) => {
        setOriginal(s);
        setForm(formFromSession(s));
      }, fail);
    return () => controller.abort();
  }, [id, token]);

  if (loadError) return <ErrorNote error={loadError} />;
  if (!form || !points) return <p role="status">{t('common.loading')}</p>;
  if (original && !EDITABLE.has(original.status))
    return (
      <>
        <p className="warning">{t('calendar.form.locked')}</p>
        <Link to={`/admin/calendar/${original.id}`}>{t('calendar.back')}</Link>
      </>
    );

  const change = (patch: Partial<SessionForm>) => setForm({ ...form, ...patch });
  const chairs = users.filter((u) => u.role === 'chair');
  const moderators = users.filter((u) => u.role === 'moderator');
  // Points no longer in the registry but still invited stay counted and kept.
  const known = new Set(points.map((p) => p.code));
  const pickable = [
    ...points,
    ...(original?.invitedPoints ?? [])
      .filter((p) => !known.has(p.code))
      .map((p) => ({ ...p, kind: p.kind as TreePoint['kind'], parentCode: null })),
  ];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = checkForm(form);
    setClashes([]);
    setOther(null);
    setProblems(found);
    if (Object.keys(found).length > 0) return focusFirst(found);
    setSaving(true);
    try {
      const body = formBody(form);
      const saved = id
        ? await api<SessionView>('PATCH', `/api/v1/sessions/${id}`, { token, body })
        : await api<SessionView>('POST', '/api/v1/sessions', { token, body });
      navigate(`/admin/calendar/${saved.id}`);
    } catch (error) {
      const failure = saveFailure(error);
      setProblems(failure.problems);
      setClashes(failure.clashes);
      setOther(failure.other);
      if (failure.clashes.length > 0) document.getElementById(inputId('start'))?.focus();
      else focusFirst(failure.problems);
    } finally {
      setSaving(false);
    }
  };

  const timeDescribed = clashes.length > 0 ? CLASH_ID : undefined;
  const failed = Object.keys(problems).length > 0 || clashes.length > 0;
  return (
    <form
      className="session-form"
      onSubmit={submit}
      noValidate
      aria-labelledby="session-form-title"
    >
      <Link to={original ? `/admin/calendar/${original.id}` : '/admin/calendar'}>
        {t('calendar.back')}
      </Link>
      <h2 id="session-form-title">
        {original
          ? `${t('calendar.form.editHeading')}: ${original.title}`
          : t('calendar.form.newHeading')}
      </h2>
      <div className="form-grid">
        <fieldset className="panel">
          <legend>{t('calendar.form.basics')}</legend>
          <Field field="kind" label={t('calendar.form.kind')} problems={problems}>
            <select
              {...wire('kind', problems)}
              value={form.kind}
              onChange={(e) => change({ kind: e.target.value as SessionForm['kind'] })}
            >
              {SESSION_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`calendar.kind.${k}`)}
                </option>
              ))}
            </select>
          </Field>
          <Field field="title" label={t('calendar.form.title')} problems={problems}>
            <input
              {...wire('title', problems)}
              required
              maxLength={300}
              value={form.title}
              onChange={(e) => change({ title: e.target.value })}
            />
          </Field>
        </fieldset>
        <fieldset className="panel time-fields" data-clash={clashes.length > 0 || undefined}>
          <legend>{t('calendar.form.time')}</legend>
          <div className="time-row">
            <Field field="day" label={t('calendar.form.date')} problems={problems}>
              <input
                {...wire('day', problems, timeDescribed)}
                type="date"
                required
                value={form.day}
                onChange={(e) => change({ day: e.target.value })}
              />
            </Field>
            <Field field="start" label={t('calendar.form.start')} problems={problems}>
              <input
                {...wire('start', problems, timeDescribed)}
                type="time"
                required
                value={form.start}
                onChange={(e) => change({ start: e.target.value })}
              />
            </Field>
            <Field field="end" label={t('calendar.form.end')} problems={problems}>
              <input
                {...wire('end', problems, timeDescribed)}
                type="time"
                required
                value={form.end}
                onChange={(e) => change({ end: e.target.value })}
              />
            </Field>
          </div>
          {clashes.length > 0 ? <ClashNote clashes={clashes} id={CLASH_ID} /> : null}
          <div className="check-row">
            <input
              type="checkbox"
              id="session-urgent"
              checked={form.urgent}
              onChange={(e) => change({ urgent: e.target.checked })}
            />
            <label htmlFor="session-urgent">{t('calendar.form.urgent')}</label>
          </div>
        </fieldset>
        <fieldset className="panel">
          <legend>{t('calendar.form.people')}</legend>
          <Field field="chair" label={t('calendar.form.chair')} problems={problems}>
            <select
              {...wire('chair', problems)}
              value={form.chair}
              onChange={(e) => change({ chair: e.target.value })}
            >
              <option value="">{t('calendar.form.noChair')}</option>
              {chairs.map((u) => (
                <option key={u.username} value={u.username}>
                  {u.displayName ?? u.username}
                </option>
              ))}
            </select>
          </Field>
          <fieldset
            className="plain"
            aria-describedby={wire('moderators', problems)['aria-describedby']}
          >
            <legend>{t('calendar.form.moderators')}</legend>
            {moderators.length === 0 ? (
              <p className="hint">{t('calendar.form.noModerators')}</p>
            ) : null}
            {moderators.map((u) => (
              <div className="check-row" key={u.username}>
                <input
                  type="checkbox"
                  id={`moderator-${u.username}`}
                  checked={form.moderators.includes(u.username)}
                  onChange={(e) =>
                    change({
                      moderators: e.target.checked
                        ? [...form.moderators, u.username]
                        : form.moderators.filter((m) => m !== u.username),
                    })
                  }
                />
                <label htmlFor={`moderator-${u.username}`}>{u.displayName ?? u.username}</label>
              </div>
            ))}
            <FieldProblem field="moderators" problems={problems} />
          </fieldset>
        </fieldset>
        <fieldset className="panel">
          <legend>{t('calendar.form.speech')}</legend>
          <Field field="seconds" label={t('calendar.form.seconds')} problems={problems}>
            <input
              {...wire('seconds', problems)}
              type="number"
              min={10}
              max={7200}
              value={form.seconds}
              onChange={(e) => change({ seconds: e.target.value })}
            />
          </Field>
          <Field
            field="warningSeconds"
            label={t('calendar.form.warningSeconds')}
            problems={problems}
          >
            <input
              {...wire('warningSeconds', problems)}
              type="number"
              min={0}
              max={600}
              value={form.warningSeconds}
              onChange={(e) => change({ warningSeconds: e.target.value })}
            />
          </Field>
          <Field field="overrun" label={t('calendar.form.overrun')} problems={problems}>
            <select
              {...wire('overrun', problems)}
              value={form.overrun}
              onChange={(e) => change({ overrun: e.target.value as 'end' | 'warn' })}
            >
              <option value="warn">{t('calendar.form.overrun.warn')}</option>
              <option value="end">{t('calendar.form.overrun.end')}</option>
            </select>
          </Field>
        </fieldset>
        <fieldset className="panel wide">
          <legend>{t('calendar.form.agenda')}</legend>
          <AgendaEditor
            rows={form.agenda}
            problems={problems}
            onChange={(agenda) => change({ agenda })}
          />
        </fieldset>
        <div className="panel wide">
          <PointPicker
            points={pickable}
            selected={form.points}
            problems={problems}
            onChange={(codes) => change({ points: codes })}
          />
        </div>
      </div>
      <div className="form-actions row">
        <button type="submit" className="primary" disabled={saving}>
          {saving
            ? t('calendar.form.saving')
            : original
              ? t('calendar.form.save')
              : t('calendar.form.create')}
        </button>
        <Link to={original ? `/admin/calendar/${original.id}` : '/admin/calendar'}>
          {t('calendar.form.cancelEdit')}
        </Link>
        {failed ? (
          <p className="error" role="alert">
            {t('calendar.form.fixBelow')}
          </p>
        ) : null}
        <ErrorNote error={other} />
      </div>
    </form>
  );
}

/** The first field with a problem, in the form's order, gets the focus. */
function focusFirst(problems: Problems) {
  const ids = Object.keys(problems).map((f) => inputId(f as keyof Problems));
  const first = [...document.querySelectorAll<HTMLElement>('.session-form [id]')].find((el) =>
    ids.includes(el.id),
  );
  first?.focus();
}
