// A roll call: one click, "Có mặt", before the deadline.
import type { LiveSession, LiveState } from '../../api/live-session.js';
import { useI18n } from '../../i18n/i18n.js';
import { Countdown, ErrorNote } from '../../ui/common.js';
import { useAction } from '../../ui/hooks.js';

export function RollCallPrompt({
  live,
  state,
  code,
}: {
  live: LiveSession;
  state: LiveState;
  code: string;
}) {
  const { t, time } = useI18n();
  const call = state.rollCall;
  const answer = useAction(async () => {
    if (!call) return;
    const { answeredAt } = await live.emit('rollcall:answer', {
      sessionId: live.sessionId,
      rollCallId: call.rollCallId,
    });
    live.answeredRollCall(code, answeredAt);
  });
  if (!call || call.closedAt) return null;
  const answered = call.answered.find((a) => a.code === code);
  return (
    <div className="rollcall banner" role="alert" data-rollcall={answered ? 'answered' : 'open'}>
      {answered ? (
        <span>{t('rollcall.answered', { time: time(answered.answeredAt) })}</span>
      ) : (
        <>
          <strong>{t('rollcall.prompt')}</strong>{' '}
          <Countdown endsAt={call.deadlineAt} warningSeconds={10} />
          <button
            type="button"
            className="primary big"
            onClick={() => answer.run()}
            disabled={answer.pending}
          >
            {t('rollcall.present')}
          </button>
          <ErrorNote error={answer.error} />
        </>
      )}
    </div>
  );
}
