// The desk's "Biên bản & kết luận": the minutes and the draft of the chair's
// conclusions, saved as they are typed (kept on this machine until the
// server has them), merged when two desks edit at once; the chair approves
// and publishes the conclusions; the published versions with who and when.
import { useEffect, useId, useRef, useState } from 'react';
import type {
  Conclusions,
  ConclusionVersion,
  SessionText,
  SessionTextDocument,
} from '../../../../src/contract/index.js';
import { credentials } from '../../api/credentials.js';
import { api } from '../../api/http.js';
import type { LiveSession, LiveState } from '../../api/live-session.js';
import { useI18n } from '../../i18n/i18n.js';
import { ConfirmButton, ErrorNote } from '../../ui/common.js';
import { useAction, useStore } from '../../ui/hooks.js';
import { AutosavedText, type AutosaveState } from './autosave.js';
import './minutes.css';

const token = () => credentials.user()?.token;

const idle: AutosaveState = {
  ready: false,
  text: '',
  status: 'loading',
  revision: 0,
  savedAt: null,
  savedBy: null,
  notice: null,
  error: null,
};
const noStore = { subscribe: () => () => {} };
/** How often a clean text is read again, in case an announcement was missed. */
const CATCH_UP_MS = 5_000;

function useAutosaved(live: LiveSession, document: SessionTextDocument) {
  const { t } = useI18n();
  // The labels follow the language at the time of a merge.
  const tRef = useRef(t);
  tRef.current = t;
  const sessionId = live.sessionId;
  const [text, setText] = useState<AutosavedText | null>(null);
  useEffect(() => {
    const opened = new AutosavedText({
      key: `giaoban.${document}.${sessionId}`,
      saveUrl:
        document === 'minutes'
          ? `/api/v1/sessions/${sessionId}/minutes`
          : `/api/v1/sessions/${sessionId}/conclusions/draft`,
      token,
      load: async () =>
        document === 'minutes'
          ? api<SessionText>('GET', `/api/v1/sessions/${sessionId}/minutes`, { token: token() })
          : ((
              await api<Conclusions>('GET', `/api/v1/sessions/${sessionId}/conclusions`, {
                token: token(),
              })
            ).draft as SessionText),
      // Marked with names, not "you": the marked text is saved and read on other desks too.
      labels: (by) => {
        const t = tRef.current;
        const me = credentials.user()?.user;
        return {
          mine: t('minutes.marker.version', { by: me?.displayName ?? me?.username ?? '' }),
          theirs: t('minutes.marker.version', { by: by || t('minutes.someone') }),
          end: t('minutes.marker.end'),
        };
      },
    });
    setText(opened);
    const onSaved = (event: { sessionId: string; document: string; revision: number }) => {
      if (event.sessionId === sessionId && event.document === document)
        opened.remoteSaved(event.revision);
    };
    live.socket.on('minutes:saved', onSaved);
    // A save announced before this desk's socket joined (or while it was
    // away) is caught up here; a clean text costs one small read.
    const onConnect = () => opened.refresh();
    live.socket.on('connect', onConnect);
    const catchUp = setInterval(() => opened.refresh(), CATCH_UP_MS);
    return () => {
      live.socket.off('minutes:saved', onSaved);
      live.socket.off('connect', onConnect);
      clearInterval(catchUp);
      opened.dispose();
    };
  }, [live, sessionId, document]);
  const state = useStore(text ?? noStore, text ? text.getState : () => idle);
  return { text, state };
}

function SaveStatus({ state }: { state: AutosaveState }) {
  const { t, time, errorText } = useI18n();
  let line: string;
  if (state.status === 'saved')
    line = state.savedAt
      ? t('minutes.status.saved', { time: time(state.savedAt), by: state.savedBy ?? '' })
      : t('minutes.status.empty');
  else if (state.status === 'refused')
    line = t('minutes.status.refused', { reason: errorText(state.error) });
  else line = t(`minutes.status.${state.status}`);
  return (
    <p className={`save-status status-${state.status}`} role="status" data-save={state.status}>
      {line}
    </p>
  );
}

function TextEditor({
  label,
  editor,
  canWrite,
  rows,
}: {
  label: string;
  editor: ReturnType<typeof useAutosaved>;
  canWrite: boolean;
  rows: number;
}) {
  const { t } = useI18n();
  const id = useId();
  const { text, state } = editor;
  return (
    <div className="minutes-editor">
      <label htmlFor={id}>{label}</label>
      <div id={`${id}-status`}>
        {canWrite ? <SaveStatus state={state} /> : <p className="muted">{t('minutes.readOnly')}</p>}
        {state.notice ? (
          <p className={`notice notice-${state.notice.kind}`} role="alert">
            {t(`minutes.notice.${state.notice.kind}`, {
              by: state.notice.by || t('minutes.someone'),
            })}
          </p>
        ) : null}
      </div>
      <textarea
        id={id}
        rows={rows}
        value={state.text}
        readOnly={!canWrite}
        disabled={!state.ready}
        spellCheck={false}
        onChange={(e) => text?.edit(e.target.value)}
        aria-describedby={`${id}-status`}
      />
    </div>
  );
}

export function MinutesPanel({ live, state }: { live: LiveSession; state: LiveState }) {
  const { t, time } = useI18n();
  const user = credentials.user()?.user;
  const session = state.session;
  const isChair = Boolean(user && session?.chair?.username === user.username);
  const canWrite = Boolean(
    user &&
      (user.role === 'secretariat' ||
        isChair ||
        session?.moderators.some((m) => m.username === user.username)),
  );
  const minutes = useAutosaved(live, 'minutes');
  const draft = useAutosaved(live, 'conclusions');
  const [versions, setVersions] = useState<ConclusionVersion[]>([]);
  const [done, setDone] = useState<number | null>(null);
  const published = state.conclusions?.version ?? 0;
  // The list follows every publication (the chair's here, or from another desk).
  useEffect(() => {
    void published;
    api<Conclusions>('GET', `/api/v1/sessions/${live.sessionId}/conclusions`, { token: token() })
      .then((c) => setVersions(c.versions ?? []))
      .catch(() => {});
  }, [live.sessionId, published]);
  const approve = useAction(async () => {
    const v = await api<ConclusionVersion>(
      'POST',
      `/api/v1/sessions/${live.sessionId}/conclusions/approve`,
      { token: token(), body: { revision: draft.state.revision } },
    );
    setDone(v.version);
    setVersions((list) => [v, ...list.filter((x) => x.version !== v.version)]);
  });
  const pending = Boolean(draft.text?.dirty) || draft.state.status !== 'saved';
  const next = (versions[0]?.version ?? 0) + 1;
  return (
    <section className="minutes-panel" aria-labelledby="minutes-heading">
      <h2 id="minutes-heading">{t('minutes.heading')}</h2>
      <TextEditor
        label={t('minutes.minutes.label')}
        editor={minutes}
        canWrite={canWrite}
        rows={10}
      />
      <TextEditor
        label={t('minutes.conclusions.label')}
        editor={draft}
        canWrite={canWrite}
        rows={6}
      />
      {isChair ? (
        <div className="approve">
          <ConfirmButton
            className="primary"
            label={t('minutes.approve')}
            question={t('minutes.approve.confirm', { version: next })}
            disabled={
              approve.pending ||
              pending ||
              draft.state.text.trim() === '' ||
              draft.state.text === versions[0]?.text
            }
            onConfirm={() => {
              setDone(null);
              void approve.run();
            }}
          />
          {pending && draft.state.ready ? (
            <p className="muted">{t('minutes.approve.wait')}</p>
          ) : null}
          {done ? (
            <p className="ok" role="status">
              {t('minutes.approve.done', { version: done })}
            </p>
          ) : null}
          <ErrorNote error={approve.error} />
        </div>
      ) : (
        <p className="muted">{t('minutes.approve.chairOnly')}</p>
      )}
      <h3>{t('minutes.versions')}</h3>
      {versions.length === 0 ? (
        <p className="muted">{t('minutes.noVersions')}</p>
      ) : (
        <ol className="conclusion-versions">
          {versions.map((v) => (
            <li key={v.version} data-version={v.version}>
              <details>
                <summary>
                  {t('minutes.version', {
                    version: v.version,
                    by: v.approvedBy,
                    time: time(v.approvedAt),
                  })}
                </summary>
                <pre className="conclusion-text">{v.text}</pre>
              </details>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
