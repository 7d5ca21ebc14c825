// The roll calls of the session: when, how many answered, who did not.
import { useMemo } from 'react';
import type { RollCallView } from '../../../../../src/contract/index.js';
import { useI18n } from '../../../i18n/i18n.js';
import { type Column, SortableTable } from './SortableTable.js';
import { timeValue } from './sorting.js';

export function RollCallsSection({
  rollCalls,
  names,
}: {
  rollCalls: readonly RollCallView[];
  /** Point names by code (from the attendance record). */
  names: ReadonlyMap<string, string>;
}) {
  const { t, clock } = useI18n();
  const columns = useMemo<Column<RollCallView>[]>(() => {
    const total = (r: RollCallView) => r.answered.length + r.notAnswered.length;
    return [
      {
        key: 'when',
        label: t('records.col.when'),
        sortValue: (r) => timeValue(r.startedAt),
        rowHeader: true,
        render: (r) => (
          <>
            {clock(r.startedAt)} {r.closedAt ? null : t('records.rollcalls.open')}
          </>
        ),
      },
      {
        key: 'answered',
        label: t('records.col.answered'),
        sortValue: (r) => (total(r) === 0 ? null : r.answered.length / total(r)),
        numeric: true,
        render: (r) =>
          t('records.rollcalls.ratio', { answered: r.answered.length, total: total(r) }),
      },
      {
        key: 'missed',
        label: t('records.col.missed'),
        sortValue: (r) => r.notAnswered.length,
        render: (r) =>
          r.notAnswered.length === 0
            ? t('records.rollcalls.all')
            : r.notAnswered.map((code) => names.get(code) ?? code).join(', '),
      },
    ];
  }, [t, clock, names]);
  return (
    <section className="panel record-section" aria-labelledby="records-rollcalls">
      <h4 id="records-rollcalls">{t('records.rollcalls.heading')}</h4>
      {rollCalls.length === 0 ? (
        <p>{t('records.rollcalls.empty')}</p>
      ) : (
        <SortableTable
          caption={t('records.rollcalls.caption')}
          columns={columns}
          rows={rollCalls}
          rowKey={(r) => r.rollCallId}
          className="rollcalls-table"
        />
      )}
    </section>
  );
}
