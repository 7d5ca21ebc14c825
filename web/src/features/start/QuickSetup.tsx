// The secretariat's shortest path to a briefing from the browser: load the
// sample registry into an empty system, and book a session starting in a few
// minutes for every active point. (The full registry and calendar pages are
// the secretariat's console; this gets a first briefing running.)
import { type FormEvent, useEffect, useState } from 'react';
import samplePoints from '../../../../seeds/points-2025.csv?raw';
import type { PointView, SessionView } from '../../../../src/contract/index.js';
import { api } from '../../api/http.js';
import { useI18n } from '../../i18n/i18n.js';
import { ErrorNote } from '../../ui/common.js';
import { useAction } from '../../ui/hooks.js';

export function QuickSetup({ token, onCreated }: { token: string; onCreated(): void }) {
  const { t } = useI18n();
  const [count, setCount] = useState<number | null>(null);
  const [title, setTitle] = useState(() => t('quick.defaultTitle'));
  const [inMinutes, setInMinutes] = useState('5');
  const [hours, setHours] = useState('2');

  const refresh = () =>
    api<{ points: PointView[] }>('GET', '/api/v1/points', { token }).then(
      (r) => setCount(r.points.length),
      () => setCount(null),
    );
  // biome-ignore lint/correctness/useExhaustiveDependencies: once, on opening
  useEffect(() => {
    void refresh();
  }, []);

  const load = useAction(async () => {
    const response = await fetch('/api/v1/points/import', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
      body: samplePoints,
    });
    if (!response.ok) throw new Error(String(response.status));
    await refresh();
  });
  const create = useAction(async () => {
    const start = Date.now() + Math.max(0, Number(inMinutes) || 0) * 60_000;
    await api<SessionView>('POST', '/api/v1/sessions', {
      token,
      body: {
        title: title.trim(),
        kind: 'monthly',
        urgent: true,
        startsAt: new Date(start).toISOString(),
        endsAt: new Date(start + Math.max(0.5, Number(hours) || 2) * 3600_000).toISOString(),
      },
    });
    onCreated();
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void create.run();
  };
  return (
    <section className="panel quick" aria-labelledby="quick-heading">
      <h2 id="quick-heading">{t('quick.heading')}</h2>
      {count === 0 ? (
        <p>
          {t('quick.noPoints')}{' '}
          <button type="button" onClick={() => load.run()} disabled={load.pending}>
            {t('quick.loadSample')}
          </button>
        </p>
      ) : count !== null ? (
        <p className="muted">{t('quick.points', { n: count })}</p>
      ) : null}
      <ErrorNote error={load.error} />
      <form onSubmit={submit} className="fields">
        <label htmlFor="quick-title">{t('quick.title')}</label>
        <input
          id="quick-title"
          value={title}
          maxLength={300}
          required
          onChange={(e) => setTitle(e.target.value)}
        />
        <label htmlFor="quick-in">{t('quick.inMinutes')}</label>
        <input
          id="quick-in"
          type="number"
          min={0}
          max={10080}
          value={inMinutes}
          onChange={(e) => setInMinutes(e.target.value)}
          className="narrow"
        />
        <label htmlFor="quick-hours">{t('quick.hours')}</label>
        <input
          id="quick-hours"
          type="number"
          min={0.5}
          max={12}
          step={0.5}
          value={hours}
          onChange={(e) => setHours(e.target.value)}
          className="narrow"
        />
        <span />
        <button type="submit" className="primary" disabled={create.pending || !count}>
          {t('quick.create')}
        </button>
      </form>
      <ErrorNote error={create.error} />
    </section>
  );
}
