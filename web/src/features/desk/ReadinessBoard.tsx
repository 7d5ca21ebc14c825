// The readiness board: per point, credential, test run and network figures,
// connection, check-in (late), delegates, roster and duty on time,
// disconnects and microphone — with filters and the microphone controls.
import { useMemo, useState } from 'react';
import type { PointAttendance } from '../../../../src/contract/index.js';
import type { LiveSession, LiveState } from '../../api/live-session.js';
import { useI18n } from '../../i18n/i18n.js';
import { ConfirmButton, ErrorNote } from '../../ui/common.js';
import { useAction } from '../../ui/hooks.js';
import { JoinLinkButton } from './JoinLinkButton.js';

type Filter = 'all' | 'notReady' | 'notConnected' | 'late';

export const notReady = (p: PointAttendance) =>
  !p.credentialIssued || p.testPassed !== true || !p.connected || !p.checkedIn;

const FILTERS: Record<Filter, (p: PointAttendance) => boolean> = {
  all: () => true,
  notReady,
  notConnected: (p) => !p.connected,
  late: (p) => p.late,
};

export function ReadinessBoard({
  live,
  state,
  canIssue,
}: {
  live: LiveSession;
  state: LiveState;
  /** The secretariat hands out join links from the board. */
  canIssue: boolean;
}) {
  const { t, time } = useI18n();
  const [filter, setFilter] = useState<Filter>('all');
  const rows = useMemo(
    () =>
      [...state.points.values()]
        .filter(FILTERS[filter])
        .sort((a, b) => a.code.localeCompare(b.code)),
    [state.points, filter],
  );
  const mic = useAction((pointCode: string, micState: 'open' | 'closed' | 'auto') =>
    live.emit('media:mic', { sessionId: live.sessionId, pointCode, state: micState }),
  );
  const silenceAll = useAction(async () => {
    const open = [...state.points.values()].filter(
      (p) => p.microphone === 'open' && p.code !== state.floor?.code,
    );
    for (const p of open)
      await live.emit('media:mic', { sessionId: live.sessionId, pointCode: p.code, state: 'auto' });
  });
  const micSettable = ['scheduled', 'checkin', 'live'].includes(state.status ?? '');
  const yesNo = (v: boolean | null) => (v === null ? '—' : v ? t('common.yes') : t('common.no'));
  return (
    <section className="board" aria-labelledby="board-heading">
      <div className="board-tools">
        <h2 id="board-heading">{t('board.heading')}</h2>
        <fieldset className="filters">
          <legend className="visually-hidden">{t('board.filter')}</legend>
          {(Object.keys(FILTERS) as Filter[]).map((f) => (
            <label key={f} className={filter === f ? 'chip selected' : 'chip'}>
              <input
                type="radio"
                name="board-filter"
                value={f}
                checked={filter === f}
                onChange={() => setFilter(f)}
              />
              {t(`board.filter.${f}`)} ({[...state.points.values()].filter(FILTERS[f]).length})
            </label>
          ))}
        </fieldset>
        <ConfirmButton
          label={t('board.silenceAll')}
          question={t('board.silenceAllConfirm')}
          onConfirm={() => silenceAll.run()}
          disabled={!micSettable || silenceAll.pending}
        />
      </div>
      <ErrorNote error={mic.error ?? silenceAll.error} />
      <div className="table-scroll">
        <table className="board-table">
          <caption className="visually-hidden">{t('board.heading')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('board.point')}</th>
              <th scope="col">{t('board.credential')}</th>
              <th scope="col">{t('board.test')}</th>
              <th scope="col">{t('board.network')}</th>
              <th scope="col">{t('board.connected')}</th>
              <th scope="col">{t('board.checkin')}</th>
              <th scope="col">{t('board.delegates')}</th>
              <th scope="col">{t('board.roster')}</th>
              <th scope="col">{t('board.duty')}</th>
              <th scope="col">{t('board.disconnects')}</th>
              <th scope="col">{t('board.materials')}</th>
              <th scope="col">{t('board.mic')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((p) => (
              <tr key={p.code} data-code={p.code} className={notReady(p) ? 'not-ready' : 'ready'}>
                <th scope="row">
                  {p.name}
                  <div className="muted">{p.code}</div>
                  {canIssue ? <JoinLinkButton code={p.code} name={p.name} /> : null}
                </th>
                <td>{yesNo(p.credentialIssued)}</td>
                <td data-test={p.testPassed === null ? 'none' : p.testPassed ? 'passed' : 'failed'}>
                  {p.testPassed === null
                    ? t('board.notTested')
                    : p.testPassed
                      ? t('board.passed')
                      : t('board.failed')}
                  {p.testAt ? <div className="muted">{time(p.testAt)}</div> : null}
                  {p.testFigures ? (
                    <div className="muted" data-test-figures>
                      {t('board.testFigures', {
                        rtt: p.testFigures.rttMs ?? '—',
                        loss: p.testFigures.lossPercent ?? '—',
                        up: p.testFigures.uplinkKbps ?? '—',
                        down: p.testFigures.downlinkKbps ?? '—',
                      })}
                    </div>
                  ) : null}
                </td>
                <td data-network>
                  {p.network
                    ? `${p.network.rttMs ?? '—'} ms · ${p.network.lossPercent ?? 0}% · ${Math.round(p.network.bitrateKbps)} kbit/s`
                    : '—'}
                </td>
                <td className={p.connected ? 'ok' : 'error'}>
                  {p.connected ? t('board.online') : t('board.offline')}
                </td>
                <td data-status={p.status}>
                  {t(`attendance.${p.status}`)}
                  {p.checkedInAt ? <div className="muted">{time(p.checkedInAt)}</div> : null}
                  {p.absentReason ? <div className="muted">{p.absentReason}</div> : null}
                </td>
                <td>
                  {p.delegatesCount > 0 ? (
                    <details>
                      <summary>{p.delegatesCount}</summary>
                      <ul>
                        {p.delegates.map((d) => (
                          <li key={`${d.name}|${d.title ?? ''}`}>
                            {d.title ? `${d.name} — ${d.title}` : d.name}
                          </li>
                        ))}
                      </ul>
                    </details>
                  ) : (
                    '0'
                  )}
                </td>
                <td>{yesNo(p.rosterOnTime)}</td>
                <td>{yesNo(p.onDutyOnTime)}</td>
                <td>{p.disconnects}</td>
                <td data-materials title={t('board.materials.label', p.materials)}>
                  {p.materials.of ? t('board.materials.value', p.materials) : '—'}
                </td>
                <td>
                  <select
                    aria-label={t('board.micOf', { name: p.name })}
                    value={p.microphone}
                    disabled={!micSettable || mic.pending}
                    onChange={(e) => mic.run(p.code, e.target.value as 'open' | 'closed' | 'auto')}
                    data-mic={p.microphone}
                  >
                    <option value="auto">{t('mic.auto')}</option>
                    <option value="open">{t('mic.open')}</option>
                    <option value="closed">{t('mic.closed')}</option>
                  </select>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
