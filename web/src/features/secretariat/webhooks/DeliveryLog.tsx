// The attempts to deliver to one endpoint, newest first: the answer's status
// code or the error, how long it took, and when the next retry is due. It
// refreshes itself while it is on screen (retries come and go on their own).
import { useCallback, useEffect, useState } from 'react';
import type {
  WebhookDeliveries,
  WebhookDelivery,
  WebhookEndpoint,
} from '../../../../../src/contract/index.js';
import { api } from '../../../api/http.js';
import { useI18n } from '../../../i18n/i18n.js';
import { ErrorNote } from '../../../ui/common.js';
import { currentToken } from '../records/use-api-data.js';
import { eventLabel } from './labels.js';

const REFRESH_MS = 3_000;
const PAGE = 50;

export function DeliveryLog({ endpoint }: { endpoint: WebhookEndpoint }) {
  const { t, dateTime } = useI18n();
  const [latest, setLatest] = useState<WebhookDelivery[] | null>(null);
  const [older, setOlder] = useState<WebhookDelivery[]>([]);
  const [nextBefore, setNextBefore] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);

  const path = `/api/v1/webhooks/${endpoint.id}/deliveries?limit=${PAGE}`;
  const refresh = useCallback(async () => {
    try {
      const page = await api<WebhookDeliveries>('GET', path, { token: currentToken() });
      setLatest(page.deliveries);
      setError(null);
      setOlder((old) => {
        if (old.length === 0) setNextBefore(page.nextBefore);
        return old;
      });
    } catch (e) {
      setError(e);
    }
  }, [path]);
  useEffect(() => {
    void refresh();
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void refresh();
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  const more = async () => {
    if (nextBefore === null) return;
    try {
      const page = await api<WebhookDeliveries>('GET', `${path}&before=${nextBefore}`, {
        token: currentToken(),
      });
      setOlder((old) => [...old, ...page.deliveries]);
      setNextBefore(page.nextBefore);
    } catch (e) {
      setError(e);
    }
  };

  const rows = [...(latest ?? []), ...older.filter((o) => !latest?.some((l) => l.id === o.id))];
  const result = (d: WebhookDelivery) => {
    if (d.ok) return t('webhooks.result.ok', { code: d.statusCode ?? '' });
    const failure =
      d.statusCode !== null
        ? t('webhooks.result.http', { code: d.statusCode })
        : t('webhooks.result.error', { error: d.error ?? '' });
    return d.final ? `${failure} · ${t('webhooks.result.gaveUp')}` : failure;
  };
  return (
    <section className="panel webhook-log" aria-labelledby="webhook-log-heading">
      <div className="webhook-log-head">
        <h3 id="webhook-log-heading">{t('webhooks.log.heading', { url: endpoint.url })}</h3>
        <button type="button" onClick={() => void refresh()}>
          {t('webhooks.log.refresh')}
        </button>
      </div>
      <p className="hint">{t('webhooks.log.auto')}</p>
      <ErrorNote error={error} />
      {latest && rows.length === 0 && <p>{t('webhooks.log.empty')}</p>}
      {rows.length > 0 && (
        <table className="webhooks-table">
          <caption className="visually-hidden">{t('webhooks.log.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('webhooks.col.at')}</th>
              <th scope="col">{t('webhooks.col.event')}</th>
              <th scope="col">{t('webhooks.col.attempt')}</th>
              <th scope="col">{t('webhooks.col.result')}</th>
              <th scope="col">{t('webhooks.col.duration')}</th>
              <th scope="col">{t('webhooks.col.next')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((d) => (
              <tr key={d.id} className={d.ok ? 'delivered' : 'failed'}>
                <td>{dateTime(d.at)}</td>
                <td>{t(eventLabel(d.event))}</td>
                <td>{d.attempt}</td>
                <td>{result(d)}</td>
                <td>{t('webhooks.duration', { ms: d.durationMs })}</td>
                <td>{d.nextRetryAt ? dateTime(d.nextRetryAt) : t('webhooks.next.none')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {nextBefore !== null && (
        <button type="button" onClick={() => void more()}>
          {t('webhooks.log.more')}
        </button>
      )}
    </section>
  );
}
