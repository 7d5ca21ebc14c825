// Check-in with the delegates present (name, title), prefilled from this
// session's list, else the point's standing roster kept by the secretariat,
// else its last check-in; or an excused absence with its reason. What the
// operator types is kept on the machine until the server has it.
import { type FormEvent, useEffect, useState } from 'react';
import type { Delegate } from '../../../../src/contract/index.js';
import { credentials, draft } from '../../api/credentials.js';
import { api } from '../../api/http.js';
import type { LiveSession, LiveState } from '../../api/live-session.js';
import { useI18n } from '../../i18n/i18n.js';
import { ErrorNote } from '../../ui/common.js';
import { useAction } from '../../ui/hooks.js';

interface Row {
  name: string;
  title: string;
}

const blank = (): Row => ({ name: '', title: '' });

export function CheckInPanel({
  live,
  state,
  code,
}: {
  live: LiveSession;
  state: LiveState;
  code: string;
}) {
  const { t, time } = useI18n();
  const me = state.points.get(code);
  const saved = draft<Row[]>(`checkin.${live.sessionId}`);
  const [rows, setRowsState] = useState<Row[] | null>(() => saved.load());
  const [reason, setReason] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const setRows = (next: Row[]) => {
    setRowsState(next);
    saved.save(next);
  };

  // Prefill: this session's list if already in, else the roster or the last session's.
  const current = me?.delegates;
  useEffect(() => {
    if (rows) return;
    if (current?.length) {
      setRowsState(current.map(toRow));
      return;
    }
    const token = credentials.point()?.token;
    api<{ delegates: Delegate[] }>('GET', '/api/v1/attendance/last-delegates', { token }).then(
      (r) => setRowsState(r.delegates.length ? r.delegates.map(toRow) : [blank()]),
      () => setRowsState([blank()]),
    );
  }, [rows, current]);

  const checkIn = useAction(async () => {
    const delegates = (rows ?? [])
      .map((r) => ({ name: r.name.trim(), title: r.title.trim() }))
      .filter((r) => r.name)
      .map((r) => (r.title ? r : { name: r.name }));
    const row = await live.emit('attendance:check-in', { sessionId: live.sessionId, delegates });
    live.putPoint(row);
    saved.clear();
    setDone(t('checkin.done', { n: delegates.length }));
  });
  const absent = useAction(async () => {
    const row = await live.emit('attendance:absent', {
      sessionId: live.sessionId,
      reason: reason.trim(),
    });
    live.putPoint(row);
    setDone(t('checkin.absentDone'));
  });

  const list = rows ?? [];
  const update = (i: number, patch: Partial<Row>) =>
    setRows(list.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void checkIn.run();
  };
  return (
    <div className="checkin">
      <h2>{t('checkin.heading')}</h2>
      {me?.checkedIn ? (
        <p className="ok" data-checked-in="true">
          {t(me.late ? 'checkin.statusLate' : 'checkin.status', {
            time: time(me.checkedInAt),
            n: me.delegatesCount,
          })}
        </p>
      ) : null}
      {done ? <p role="status">{done}</p> : null}
      <form onSubmit={submit} aria-label={t('checkin.heading')}>
        <table className="delegates">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">{t('checkin.name')}</th>
              <th scope="col">{t('checkin.title')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('common.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((row, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place and have no identity of their own
              <tr key={i}>
                <td>{i + 1}</td>
                <td>
                  <input
                    aria-label={t('checkin.nameOf', { n: i + 1 })}
                    value={row.name}
                    maxLength={200}
                    onChange={(e) => update(i, { name: e.target.value })}
                  />
                </td>
                <td>
                  <input
                    aria-label={t('checkin.titleOf', { n: i + 1 })}
                    value={row.title}
                    maxLength={200}
                    onChange={(e) => update(i, { title: e.target.value })}
                  />
                </td>
                <td>
                  <button
                    type="button"
                    className="link"
                    onClick={() => setRows(list.filter((_, j) => j !== i))}
                    aria-label={t('checkin.removeOf', { n: i + 1 })}
                  >
                    ✕
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="row">
          <button type="button" onClick={() => setRows([...list, blank()])}>
            {t('checkin.add')}
          </button>
          <button
            type="submit"
            className="primary"
            disabled={checkIn.pending || !list.some((r) => r.name.trim())}
          >
            {me?.checkedIn ? t('checkin.update') : t('checkin.submit')}
          </button>
        </div>
        <ErrorNote error={checkIn.error} />
      </form>
      <details className="absent">
        <summary>{t('checkin.absentHeading')}</summary>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void absent.run();
          }}
        >
          <label htmlFor="absent-reason">{t('checkin.reason')}</label>
          <input
            id="absent-reason"
            value={reason}
            maxLength={500}
            onChange={(e) => setReason(e.target.value)}
            required
          />
          <button type="submit" disabled={absent.pending || !reason.trim()}>
            {t('checkin.absentSubmit')}
          </button>
          <ErrorNote error={absent.error} />
        </form>
      </details>
    </div>
  );
}

const toRow = (d: Delegate): Row => ({ name: d.name, title: d.title ?? '' });
