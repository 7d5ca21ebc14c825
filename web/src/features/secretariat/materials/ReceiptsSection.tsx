// Which point received which version of the session's materials, and when.
import type { MaterialReceipts } from '../../../../../src/contract/index.js';
import { useI18n } from '../../../i18n/i18n.js';
import { ErrorNote } from '../../../ui/common.js';

export function ReceiptsSection({
  receipts,
  error,
}: {
  receipts: MaterialReceipts | null;
  error: unknown;
}) {
  const { t, dateTime } = useI18n();
  return (
    <section className="panel record-section" aria-labelledby="materials-receipts">
      <h3 id="materials-receipts">{t('materials.receipts.heading')}</h3>
      <ErrorNote error={error} />
      {receipts ? (
        <table className="receipts-table">
          <caption className="visually-hidden">{t('materials.receipts.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('materials.receipts.point')}</th>
              <th scope="col">{t('materials.receipts.count')}</th>
              <th scope="col">{t('materials.receipts.detail')}</th>
            </tr>
          </thead>
          <tbody>
            {receipts.points.map((p) => (
              <tr
                key={p.code}
                data-code={p.code}
                className={p.of > 0 && p.received === p.of ? 'complete' : ''}
              >
                <th scope="row">
                  {p.name} <span className="muted code">{p.code}</span>
                </th>
                <td className="count">
                  {p.received}/{p.of}
                </td>
                <td>
                  {p.receipts.length === 0 ? (
                    <span className="muted">{t('materials.receipts.none')}</span>
                  ) : (
                    <ul className="receipts">
                      {p.receipts.map((r) => (
                        <li key={`${r.materialId}-${r.version}`}>
                          {t('materials.receipts.item', {
                            title: r.title,
                            version: r.version,
                            at: dateTime(r.receivedAt),
                          })}
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
