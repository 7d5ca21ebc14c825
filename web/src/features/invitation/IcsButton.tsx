// "Tải lịch (.ics)": the session's invitation as a calendar file.
import { useI18n } from '../../i18n/i18n.js';
import { ErrorNote } from '../../ui/common.js';
import { useAction } from '../../ui/hooks.js';
import { downloadInvitation } from './download.js';

export function IcsButton({
  sessionId,
  token,
  className,
  describedBy,
}: {
  sessionId: string;
  token: string;
  className?: string;
  describedBy?: string;
}) {
  const { t } = useI18n();
  const download = useAction(() => downloadInvitation(sessionId, token));
  return (
    <>
      <button
        type="button"
        className={className}
        onClick={() => download.run()}
        disabled={download.pending}
        aria-describedby={describedBy}
        data-ics={sessionId}
      >
        {t('invitation.ics')}
      </button>
      <ErrorNote error={download.error} />
    </>
  );
}
