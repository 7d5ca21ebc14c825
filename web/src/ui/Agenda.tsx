import type { SessionSnapshot } from '../../../src/contract/index.js';
import { useI18n } from '../i18n/i18n.js';

/** The session's agenda; the item being discussed (the current speech's) marked. */
export function Agenda({
  session,
  current,
}: {
  session: SessionSnapshot['session'];
  current?: number | null;
}) {
  const { t } = useI18n();
  if (session.agenda.length === 0) return <p>{t('agenda.empty')}</p>;
  return (
    <ol className="agenda">
      {session.agenda.map((item) => (
        <li key={item.position} aria-current={current === item.position ? 'step' : undefined}>
          <strong>{item.title}</strong>
          <div className="muted">
            {item.presenter ? `${t('agenda.presenter')}: ${item.presenter}` : null}
            {item.plannedMinutes ? ` · ${t('agenda.minutes', { n: item.plannedMinutes })}` : null}
            {item.plannedSpeeches
              ? ` · ${t('agenda.speeches', { n: item.plannedSpeeches })}`
              : null}
          </div>
        </li>
      ))}
    </ol>
  );
}
