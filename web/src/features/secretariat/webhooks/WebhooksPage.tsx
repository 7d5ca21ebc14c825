// The secretariat's webhooks: the receiving addresses with the events each
// gets, a new one (its secret shown once, with a copy button), a test
// delivery, switching off and deleting, and the log of deliveries.
import { type FormEvent, useState } from 'react';
import {
  type CreatedWebhookEndpoint,
  WEBHOOK_EVENTS,
  type WebhookEndpoint,
  type WebhookEvent,
} from '../../../../../src/contract/index.js';
import { api } from '../../../api/http.js';
import { useI18n } from '../../../i18n/i18n.js';
import { ConfirmButton, ErrorNote } from '../../../ui/common.js';
import { currentToken, useApiData } from '../records/use-api-data.js';
import { SecretariatOnly } from '../SecretariatLayout.js';
import { DeliveryLog } from './DeliveryLog.js';
import { eventLabel } from './labels.js';
import './webhooks.css';

export function WebhooksPage() {
  return (
    <SecretariatOnly>
      <Webhooks />
    </SecretariatOnly>
  );
}

function Webhooks() {
  const { t } = useI18n();
  const list = useApiData<{ endpoints: WebhookEndpoint[] }>('/api/v1/webhooks');
  const [created, setCreated] = useState<CreatedWebhookEndpoint | null>(null);
  const [shown, setShown] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const endpoints = list.data?.endpoints ?? [];
  const selected = endpoints.find((e) => e.id === shown) ?? endpoints[0];
  const [logRound, setLogRound] = useState(0);

  const act = async (work: () => Promise<unknown>, done?: string) => {
    setError(null);
    setNote(null);
    try {
      await work();
      if (done) setNote(done);
      list.reload();
    } catch (e) {
      setError(e);
    }
  };
  const call = <T,>(method: string, path: string, body?: unknown) =>
    api<T>(method, path, { token: currentToken(), ...(body === undefined ? {} : { body }) });

  return (
    <div className="webhooks-page">
      <h2>{t('webhooks.heading')}</h2>
      <p className="hint">{t('webhooks.intro')}</p>
      <CreateForm
        onCreated={(endpoint) => {
          setCreated(endpoint);
          setShown(endpoint.id);
          list.reload();
        }}
      />
      {created && <SecretOnce endpoint={created} onDone={() => setCreated(null)} />}

      <section className="panel" aria-labelledby="webhooks-list-heading">
        <h3 id="webhooks-list-heading">{t('webhooks.list.heading')}</h3>
        <ErrorNote error={list.error ?? error} />
        {note && (
          <p className="ok" role="status">
            {note}
          </p>
        )}
        {list.data && endpoints.length === 0 && <p>{t('webhooks.list.empty')}</p>}
        {endpoints.length > 0 && (
          <table className="webhooks-table">
            <caption className="visually-hidden">{t('webhooks.list.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('webhooks.col.url')}</th>
                <th scope="col">{t('webhooks.col.events')}</th>
                <th scope="col">{t('webhooks.col.state')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {endpoints.map((e) => (
                <tr key={e.id} aria-current={e.id === selected?.id ? 'true' : undefined}>
                  <td>
                    <span className="webhook-url">{e.url}</span>
                    {e.description && <span className="hint">{e.description}</span>}
                  </td>
                  <td>{e.events.map((ev) => t(eventLabel(ev))).join(', ')}</td>
                  <td>{t(e.active ? 'webhooks.state.active' : 'webhooks.state.inactive')}</td>
                  <td className="webhook-actions">
                    <button
                      type="button"
                      className="primary"
                      onClick={() =>
                        act(async () => {
                          await call('POST', `/api/v1/webhooks/${e.id}/ping`);
                          setShown(e.id);
                          setLogRound((n) => n + 1);
                        }, t('webhooks.ping.sent'))
                      }
                    >
                      {t('webhooks.ping')}
                    </button>
                    <button type="button" onClick={() => setShown(e.id)}>
                      {t('webhooks.showLog')}
                    </button>
                    <button
                      type="button"
                      onClick={() =>
                        act(() => call('PATCH', `/api/v1/webhooks/${e.id}`, { active: !e.active }))
                      }
                    >
                      {t(e.active ? 'webhooks.deactivate' : 'webhooks.activate')}
                    </button>
                    <ConfirmButton
                      label={t('webhooks.delete')}
                      question={t('webhooks.delete.question', { url: e.url })}
                      onConfirm={() => act(() => call('DELETE', `/api/v1/webhooks/${e.id}`))}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {selected && <DeliveryLog key={`${selected.id}:${logRound}`} endpoint={selected} />}
    </div>
  );
}

function CreateForm({ onCreated }: { onCreated: (e: CreatedWebhookEndpoint) => void }) {
  const { t } = useI18n();
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [events, setEvents] = useState<Set<WebhookEvent>>(new Set(WEBHOOK_EVENTS));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [missing, setMissing] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (events.size === 0) {
      setMissing(true);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const endpoint = await api<CreatedWebhookEndpoint>('POST', '/api/v1/webhooks', {
        token: currentToken(),
        body: { url: url.trim(), description: description.trim(), events: [...events] },
      });
      setUrl('');
      setDescription('');
      setEvents(new Set(WEBHOOK_EVENTS));
      onCreated(endpoint);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const toggle = (type: WebhookEvent, on: boolean) => {
    setMissing(false);
    setEvents((old) => {
      const next = new Set(old);
      if (on) next.add(type);
      else next.delete(type);
      return next;
    });
  };
  return (
    <form className="panel webhook-form" aria-labelledby="webhook-create-heading" onSubmit={submit}>
      <h3 id="webhook-create-heading">{t('webhooks.create.heading')}</h3>
      <div className="webhook-fields">
        <div>
          <label htmlFor="webhook-url">{t('webhooks.url')}</label>
          <input
            id="webhook-url"
            type="text"
            inputMode="url"
            required
            maxLength={2000}
            placeholder="https://"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
          />
        </div>
        <div>
          <label htmlFor="webhook-description">{t('webhooks.description')}</label>
          <input
            id="webhook-description"
            type="text"
            maxLength={200}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
          />
        </div>
      </div>
      <fieldset>
        <legend>{t('webhooks.events')}</legend>
        <div className="webhook-events">
          {WEBHOOK_EVENTS.map((type) => (
            <label key={type} className="check">
              <input
                type="checkbox"
                checked={events.has(type)}
                onChange={(e) => toggle(type, e.target.checked)}
              />
              {t(eventLabel(type))}
            </label>
          ))}
        </div>
        {missing && (
          <p className="error" role="alert">
            {t('webhooks.events.none')}
          </p>
        )}
      </fieldset>
      <ErrorNote error={error} />
      <div className="row">
        <button type="submit" className="primary" disabled={busy}>
          {t('webhooks.create')}
        </button>
      </div>
    </form>
  );
}

function SecretOnce({
  endpoint,
  onDone,
}: {
  endpoint: CreatedWebhookEndpoint;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  return (
    <section className="panel webhook-secret" role="status" aria-labelledby="webhook-secret-h">
      <h3 id="webhook-secret-h">{t('webhooks.secret.heading')}</h3>
      <p className="hint">{t('webhooks.secret.once')}</p>
      <label htmlFor="webhook-secret">{t('webhooks.secret.label')}</label>
      <input
        id="webhook-secret"
        readOnly
        value={endpoint.secret}
        onFocus={(e) => e.target.select()}
        data-webhook-secret
      />
      <div className="row">
        <button
          type="button"
          className="primary"
          onClick={() =>
            navigator.clipboard?.writeText(endpoint.secret).then(
              () => setCopied(true),
              () => {},
            )
          }
        >
          {copied ? t('webhooks.secret.copied') : t('webhooks.secret.copy')}
        </button>
        <button type="button" onClick={onDone}>
          {t('webhooks.secret.done')}
        </button>
      </div>
    </section>
  );
}
