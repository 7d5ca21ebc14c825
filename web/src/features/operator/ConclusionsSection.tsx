// "Kết luận của chủ trì" on a point's console: the latest version the chair
// published, as soon as it arrives (and from the snapshot after a reload).
import type { LiveState } from '../../api/live-session.js';
import { useI18n } from '../../i18n/i18n.js';
import '../desk/minutes.css';

export function ConclusionsSection({ state }: { state: LiveState }) {
  const { t, time } = useI18n();
  const c = state.conclusions;
  if (!c) return null;
  return (
    // Scrolls when the side panel is full (materials, report below it): keyboard
    // users reach and scroll it too.
    <section
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take focus
      tabIndex={0}
      className="published-conclusions"
      aria-labelledby="conclusions-heading"
      data-version={c.version}
    >
      <h2 id="conclusions-heading">{t('conclusions.heading')}</h2>
      <p className="meta">
        {t('conclusions.meta', { version: c.version, time: time(c.approvedAt), by: c.approvedBy })}
      </p>
      <div className="conclusion-text" role="document">
        {c.text}
      </div>
    </section>
  );
}
