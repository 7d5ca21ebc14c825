// What may be done with a session in its status: schedule a draft, edit
// until live, open check-in, go to the desk, cancel with a reason, and
// duplicate it as the next month's.
import { type FormEvent, useId, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { SessionView, UserRole } from '../../../../../src/contract/index.js';
import { api } from '../../../api/http.js';
import { useI18n } from '../../../i18n/i18n.js';
import { ConfirmButton, ErrorNote } from '../../../ui/common.js';
import { useAction } from '../../../ui/hooks.js';
import { ClashNote } from './ClashNote.js';
import { addMonths, isoToVn, vnToIso } from './dates.js';
import { saveFailure } from './form-model.js';

const EDITABLE = new Set(['draft', 'scheduled', 'checkin']);
const CANCELLABLE = new Set(['draft', 'scheduled', 'checkin', 'live']);

export function SessionActions({
  session,
  token,
  role,
  onChanged,
}: {
  session: SessionView;
  token: string;
  role: UserRole;
  onChanged(session: SessionView): void;
}) {
  const { t } = useI18n();
  const secretariat = role === 'secretariat';
  const runs = secretariat || role === 'chair' || role === 'moderator';
  const status = useAction(async (next: string) => {
    onChanged(
      await api<SessionView>('POST', `/api/v1/sessions/${session.id}/status`, {
        token,
        body: { status: next },
      }),
    );
  });
  return (
    <div className="detail-actions">
      <div className="row">
        {secretariat && session.status === 'draft' ? (
          <button type="button" className="primary" onClick={() => status.run('scheduled')}>
            {t('calendar.detail.schedule')}
          </button>
        ) : null}
        {runs && session.status === 'scheduled' ? (
          <ConfirmButton
            className="primary"
            label={t('calendar.detail.openCheckin')}
            question={t('calendar.detail.openCheckinQ')}
            onConfirm={() => status.run('checkin')}
          />
        ) : null}
        {runs && (session.status === 'checkin' || session.status === 'live') ? (
          <Link className="button primary" to={`/desk/${session.id}`}>
            {t('calendar.detail.desk')}
          </Link>
        ) : null}
        {secretariat && EDITABLE.has(session.status) ? (
          <Link className="button" to={`/admin/calendar/${session.id}/edit`}>
            {t('calendar.detail.edit')}
          </Link>
        ) : null}
        {secretariat ? <DuplicateButton session={session} token={token} /> : null}
        {secretariat && CANCELLABLE.has(session.status) ? (
          <CancelButton session={session} token={token} onChanged={onChanged} />
        ) : null}
      </div>
      <ErrorNote error={status.error} />
    </div>
  );
}

function CancelButton({
  session,
  token,
  onChanged,
}: {
  session: SessionView;
  token: string;
  onChanged(session: SessionView): void;
}) {
  const { t } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  const id = useId();
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const cancel = useAction(async () => {
    const s = await api<SessionView>('POST', `/api/v1/sessions/${session.id}/status`, {
      token,
      body: { status: 'cancelled', reason: reason.trim() },
    });
    dialog.current?.close();
    onChanged(s);
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!reason.trim()) {
      setMissing(true);
      return;
    }
    setMissing(false);
    cancel.run();
  };
  return (
    <>
      <button type="button" className="danger" onClick={() => dialog.current?.showModal()}>
        {t('calendar.detail.cancel')}
      </button>
      <dialog ref={dialog} className="confirm" aria-labelledby={`${id}-q`}>
        <form onSubmit={submit} noValidate>
          <p id={`${id}-q`}>
            {t('calendar.detail.cancel')}: {session.title}
          </p>
          <label htmlFor={`${id}-reason`}>{t('calendar.detail.cancelReason')}</label>
          <textarea
            id={`${id}-reason`}
            rows={3}
            required
            maxLength={500}
            value={reason}
            aria-invalid={missing || undefined}
            aria-describedby={missing ? `${id}-missing` : undefined}
            onChange={(e) => setReason(e.target.value)}
          />
          {missing ? (
            <p className="error" id={`${id}-missing`} role="alert">
              {t('calendar.detail.reasonRequired')}
            </p>
          ) : null}
          <ErrorNote error={cancel.error} />
          <div className="row">
            <button type="submit" className="danger" disabled={cancel.pending}>
              {t('calendar.detail.cancelConfirm')}
            </button>
            <button type="button" onClick={() => dialog.current?.close()}>
              {t('calendar.detail.cancelKeep')}
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}

function DuplicateButton({ session, token }: { session: SessionView; token: string }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const dialog = useRef<HTMLDialogElement>(null);
  const id = useId();
  const start = isoToVn(session.startsAt);
  const end = isoToVn(session.endsAt);
  const [day, setDay] = useState(() => addMonths(start.day, 1));
  const duplicate = useAction(async () => {
    const copy = await api<SessionView>('POST', `/api/v1/sessions/${session.id}/duplicate`, {
      token,
      body: { startsAt: vnToIso(day, start.time), endsAt: vnToIso(day, end.time) },
    });
    dialog.current?.close();
    navigate(`/admin/calendar/${copy.id}`);
  });
  const failure = duplicate.error ? saveFailure(duplicate.error) : null;
  return (
    <>
      <button type="button" onClick={() => dialog.current?.showModal()}>
        {t('calendar.detail.duplicate')}
      </button>
      <dialog ref={dialog} className="confirm" aria-labelledby={`${id}-q`}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            duplicate.run();
          }}
        >
          <p id={`${id}-q`}>
            {t('calendar.detail.duplicate')}: {session.title}
          </p>
          <p className="hint">{t('calendar.detail.duplicateHint')}</p>
          <label htmlFor={`${id}-day`}>{t('calendar.detail.duplicateDay')}</label>
          <input
            id={`${id}-day`}
            type="date"
            required
            value={day}
            onChange={(e) => setDay(e.target.value)}
          />
          {failure?.clashes.length ? <ClashNote clashes={failure.clashes} /> : null}
          {failure?.problems.start ? (
            <p className="error" role="alert">
              {t(failure.problems.start)}
            </p>
          ) : null}
          {failure?.other ? <ErrorNote error={failure.other} /> : null}
          <div className="row">
            <button type="submit" className="primary" disabled={duplicate.pending || !day}>
              {t('calendar.detail.duplicateConfirm')}
            </button>
            <button type="button" onClick={() => dialog.current?.close()}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}
