// A refused booking: the sessions it clashes with, by title and time, each
// a link to open it, and what the clerk can do about it.
import { Link } from 'react-router';
import { useI18n } from '../../../i18n/i18n.js';
import type { Clash } from './form-model.js';

export function ClashNote({ clashes, id }: { clashes: Clash[]; id?: string }) {
  const { t, dateTime, time } = useI18n();
  return (
    <div className="error clash-note" role="alert" id={id} data-clash>
      <ul>
        {clashes.map((c) => (
          <li key={c.sessionId}>
            {t('calendar.form.clash', {
              title: c.title,
              time: `${dateTime(c.startsAt)}–${time(c.endsAt)}`,
            })}{' '}
            {t('calendar.form.clashWho', {
              points: c.pointCodes.length,
              people:
                c.usernames.length > 0
                  ? t('calendar.form.clashPeople', { names: c.usernames.join(', ') })
                  : '',
            })}{' '}
            <Link to={`/admin/calendar/${c.sessionId}`}>
              {t('calendar.form.clashOpen', { title: c.title })}
            </Link>
          </li>
        ))}
      </ul>
      <p>{t('calendar.form.clashHint')}</p>
    </div>
  );
}
