// The attendance record: summary counts, then one row per invited point.
import { useMemo } from 'react';
import type { AttendanceRecord, PointAttendance } from '../../../../../src/contract/index.js';
import { useI18n } from '../../../i18n/i18n.js';
import { DownloadButtons } from './DownloadButtons.js';
import { durationText, STATUS_ORDER } from './format.js';
import { type Column, SortableTable } from './SortableTable.js';
import { timeValue } from './sorting.js';

export function AttendanceSection({
  sessionId,
  record,
}: {
  sessionId: string;
  record: AttendanceRecord;
}) {
  const { t, clock } = useI18n();
  const { summary } = record;
  const columns = useMemo<Column<PointAttendance>[]>(
    () => [
      {
        key: 'point',
        label: t('records.col.point'),
        sortValue: (p) => p.name,
        rowHeader: true,
        render: (p) => (
          <>
            {p.name} <span className="muted code">{p.code}</span>
          </>
        ),
      },
      {
        key: 'status',
        label: t('records.col.status'),
        sortValue: (p) => STATUS_ORDER[p.status],
        render: (p) => (
          <>
            <span className={`badge attendance-${p.status}`}>
              {t(`records.status.${p.status}`)}
            </span>
            {p.absentReason ? (
              <div className="muted small">{t('records.reason', { reason: p.absentReason })}</div>
            ) : null}
          </>
        ),
      },
      {
        key: 'checkedInAt',
        label: t('records.col.checkedInAt'),
        sortValue: (p) => timeValue(p.checkedInAt),
        render: (p) => clock(p.checkedInAt),
      },
      {
        key: 'delegates',
        label: t('records.col.delegates'),
        sortValue: (p) => p.delegatesCount,
        render: (p) =>
          p.delegatesCount === 0 ? (
            '—'
          ) : (
            <>
              {t('records.delegates.count', { n: p.delegatesCount })}
              <div className="muted small">
                {p.delegates.map((d) => (d.title ? `${d.name} (${d.title})` : d.name)).join(', ')}
              </div>
            </>
          ),
      },
      {
        key: 'connected',
        label: t('records.col.connected'),
        sortValue: (p) => p.connectedSeconds,
        numeric: true,
        render: (p) => durationText(p.connectedSeconds),
      },
      {
        key: 'disconnects',
        label: t('records.col.disconnects'),
        sortValue: (p) => p.disconnects,
        numeric: true,
        render: (p) => p.disconnects,
      },
    ],
    [t, clock],
  );
  const counts = [
    ['records.summary.invited', summary.invited],
    ['records.summary.present', summary.present],
    ['records.summary.late', summary.late],
    ['records.summary.absent', summary.absent],
    ['records.summary.excused', summary.excused],
  ] as const;
  return (
    <section className="panel record-section" aria-labelledby="records-attendance">
      <h4 id="records-attendance">{t('records.attendance.heading')}</h4>
      <dl className="summary">
        {counts.map(([key, n]) => (
          <div key={key} data-summary={key.slice('records.summary.'.length)}>
            <dt>{t(key)}</dt>
            <dd>{n}</dd>
          </div>
        ))}
      </dl>
      <DownloadButtons
        path={`/api/v1/sessions/${sessionId}/attendance`}
        baseName={`diem-danh-${sessionId}`}
        label={t('records.attendance.heading')}
      />
      {record.points.length === 0 ? (
        <p>{t('records.attendance.empty')}</p>
      ) : (
        <SortableTable
          caption={t('records.attendance.caption')}
          columns={columns}
          rows={record.points}
          rowKey={(p) => p.code}
          rowProps={(p) => ({ 'data-code': p.code, 'data-status': p.status })}
          className="attendance-table"
        />
      )}
    </section>
  );
}
