// The speaker history: who spoke, from when to when, how long, on which agenda item.
import { useMemo } from 'react';
import type { SpeakersRecord } from '../../../../../src/contract/index.js';
import { useI18n } from '../../../i18n/i18n.js';
import { DownloadButtons } from './DownloadButtons.js';
import { durationText } from './format.js';
import { type Column, SortableTable } from './SortableTable.js';
import { timeValue } from './sorting.js';

type Speech = SpeakersRecord['history'][number];

export function SpeakersSection({
  sessionId,
  record,
}: {
  sessionId: string;
  record: SpeakersRecord;
}) {
  const { t, clock } = useI18n();
  const columns = useMemo<Column<Speech>[]>(() => {
    const agenda = new Map(record.agenda.map((a) => [a.position, a.title]));
    const agendaText = (s: Speech) =>
      s.agendaPosition === null
        ? ''
        : t('records.agendaItem', {
            position: s.agendaPosition,
            title: agenda.get(s.agendaPosition) ?? '',
          });
    return [
      {
        key: 'point',
        label: t('records.col.point'),
        sortValue: (s) => s.name,
        rowHeader: true,
        render: (s) => (
          <>
            {s.name} <span className="muted code">{s.code}</span>
            {s.topic ? <div className="muted small">{s.topic}</div> : null}
          </>
        ),
      },
      {
        key: 'start',
        label: t('records.col.start'),
        sortValue: (s) => timeValue(s.grantedAt),
        render: (s) => clock(s.grantedAt),
      },
      {
        key: 'end',
        label: t('records.col.end'),
        sortValue: (s) => timeValue(s.endedAt),
        render: (s) => clock(s.endedAt),
      },
      {
        key: 'duration',
        label: t('records.col.duration'),
        sortValue: (s) => s.seconds,
        numeric: true,
        render: (s) => durationText(s.seconds),
      },
      {
        key: 'agenda',
        label: t('records.col.agenda'),
        sortValue: (s) => s.agendaPosition,
        render: (s) => agendaText(s) || '—',
      },
      {
        key: 'endReason',
        label: t('records.col.endReason'),
        sortValue: (s) => t(`history.end.${s.endReason}`),
        render: (s) => t(`history.end.${s.endReason}`),
      },
    ];
  }, [t, clock, record.agenda]);
  return (
    <section className="panel record-section" aria-labelledby="records-speakers">
      <h4 id="records-speakers">{t('records.speakers.heading')}</h4>
      <DownloadButtons
        path={`/api/v1/sessions/${sessionId}/speakers`}
        baseName={`phat-bieu-${sessionId}`}
        label={t('records.speakers.heading')}
      />
      {record.history.length === 0 ? (
        <p>{t('records.speakers.empty')}</p>
      ) : (
        <SortableTable
          caption={t('records.speakers.caption')}
          columns={columns}
          rows={record.history}
          rowKey={(s) => s.entryId}
          rowProps={(s) => ({ 'data-code': s.code })}
          className="speakers-table"
        />
      )}
      {record.unheard.length > 0 ? (
        <p className="muted">{t('records.speakers.unheard', { n: record.unheard.length })}</p>
      ) : null}
    </section>
  );
}
