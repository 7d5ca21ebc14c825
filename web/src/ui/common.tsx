// Small pieces every console shares: the header with the line's state and
// the language switch, error notes, confirmations, countdowns.
import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import type { SessionStatus } from '../../../src/contract/index.js';
import type { ConnectionState } from '../api/live-session.js';
import { useI18n } from '../i18n/i18n.js';
import type { MediaState } from '../media/media-client.js';
import { useNow } from './hooks.js';

export function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    <button
      type="button"
      className="link"
      onClick={() => setLang(lang === 'vi' ? 'en' : 'vi')}
      lang={lang === 'vi' ? 'en' : 'vi'}
    >
      {t('app.otherLanguage')}
    </button>
  );
}

/** Where the session is in its lifecycle. */
export function SessionStatusBadge({ status }: { status: SessionStatus | null }) {
  const { t } = useI18n();
  return (
    <span className={`badge status-${status}`} data-session-status={status ?? ''}>
      {status ? t(`status.${status}`) : '…'}
    </span>
  );
}

/** The console's own media: starting, working, or failed and retrying. */
export function MediaBadge({ state }: { state: MediaState }) {
  const { t } = useI18n();
  return (
    <span className="badge" data-media={state}>
      {t(`media.${state}`)}
    </span>
  );
}

/** The line to the server, always visible: a person on a shaky line must know. */
export function ConnectionBadge({ state }: { state: ConnectionState }) {
  const { t } = useI18n();
  return (
    <span className={`badge connection-${state}`} role="status" data-connection={state}>
      {t(`connection.${state}`)}
    </span>
  );
}

export function AppHeader({
  title,
  subtitle,
  connection,
  children,
}: {
  title: string;
  subtitle?: string;
  connection?: ConnectionState;
  children?: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <header className="app-header">
      <div className="brand">
        <span className="brand-name">{t('app.name')}</span>
        <h1>{title}</h1>
        {subtitle ? <span className="subtitle">{subtitle}</span> : null}
      </div>
      <div className="header-tools">
        {children}
        {connection ? <ConnectionBadge state={connection} /> : null}
        <LanguageSwitch />
      </div>
    </header>
  );
}

const REFUSALS = ['AUTH_REQUIRED', 'AUTH_INVALID', 'AUTH_EXPIRED'] as const;

/** The server refused the line (revoked credential, expired login): what to do. */
export function RefusalBanner({ refusal }: { refusal: string | null }) {
  const { t } = useI18n();
  if (!refusal) return null;
  const code = REFUSALS.find((r) => r === refusal) ?? 'AUTH_INVALID';
  return (
    <p className="error banner" role="alert">
      {t(`refusal.${code}`)}
    </p>
  );
}

/** A failed action in words a person can act on. */
export function ErrorNote({ error }: { error: unknown }) {
  const { errorText } = useI18n();
  if (!error) return null;
  return (
    <p className="error" role="alert">
      {errorText(error)}
    </p>
  );
}

/** A button that asks first ("Bắt đầu phiên họp?"), in a modal dialog. */
export function ConfirmButton({
  label,
  question,
  confirmLabel,
  onConfirm,
  disabled,
  className,
}: {
  label: string;
  question: string;
  confirmLabel?: string;
  onConfirm: () => void;
  disabled?: boolean;
  className?: string;
}) {
  const { t } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  return (
    <>
      <button
        type="button"
        className={className}
        disabled={disabled}
        onClick={() => dialog.current?.showModal()}
      >
        {label}
      </button>
      <dialog ref={dialog} aria-labelledby={titleId} className="confirm">
        <p id={titleId}>{question}</p>
        <div className="row">
          <button
            type="button"
            className="primary"
            onClick={() => {
              dialog.current?.close();
              onConfirm();
            }}
          >
            {confirmLabel ?? label}
          </button>
          <button type="button" onClick={() => dialog.current?.close()}>
            {t('common.cancel')}
          </button>
        </div>
      </dialog>
    </>
  );
}

export function formatSeconds(total: number): string {
  const s = Math.max(0, Math.round(total));
  const m = Math.floor(s / 60);
  return `${String(m).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

/** The speaking time left, counting down; red in the warning, "quá giờ" past the limit. */
export function Countdown({
  endsAt,
  warningSeconds = 30,
}: {
  endsAt: string;
  warningSeconds?: number;
}) {
  const { t } = useI18n();
  const now = useNow(250);
  const left = (Date.parse(endsAt) - now) / 1000;
  const state = left <= 0 ? 'over' : left <= warningSeconds ? 'warning' : 'running';
  return (
    <span
      className={`countdown countdown-${state}`}
      data-countdown={state}
      role="timer"
      aria-live="off"
    >
      <span className="visually-hidden">{t('floor.remaining')} </span>
      {left <= 0 ? t('floor.overtime', { time: formatSeconds(-left) }) : formatSeconds(left)}
    </span>
  );
}

/** A video track in a tile with its label; plays muted (sound goes through AudioSink). */
export function VideoTile({
  track,
  label,
  className,
  placeholder,
  mirror,
}: {
  track: MediaStreamTrack | null | undefined;
  label: string;
  className?: string;
  placeholder?: string;
  mirror?: boolean;
}) {
  const video = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const element = video.current;
    if (!element) return;
    element.srcObject = track ? new MediaStream([track]) : null;
  }, [track]);
  return (
    <figure className={`tile ${className ?? ''}`}>
      {track ? (
        <video
          ref={video}
          autoPlay
          playsInline
          muted
          className={mirror ? 'mirror' : undefined}
          aria-label={label}
        />
      ) : (
        <div className="tile-empty">{placeholder}</div>
      )}
      <figcaption>{label}</figcaption>
    </figure>
  );
}

/** Plays the remote sound through the chosen speaker. */
export function AudioSink({
  tracks,
  speakerId,
}: {
  tracks: MediaStreamTrack[];
  speakerId: string | null;
}) {
  return (
    <div hidden>
      {tracks.map((track) => (
        <AudioTrack key={track.id} track={track} speakerId={speakerId} />
      ))}
    </div>
  );
}

function AudioTrack({ track, speakerId }: { track: MediaStreamTrack; speakerId: string | null }) {
  const audio = useRef<HTMLAudioElement>(null);
  const [, setFailed] = useState(false);
  useEffect(() => {
    const element = audio.current;
    if (!element) return;
    element.srcObject = new MediaStream([track]);
    element.play().catch(() => setFailed(true));
  }, [track]);
  useEffect(() => {
    const element = audio.current as
      | (HTMLAudioElement & { setSinkId?(id: string): Promise<void> })
      | null;
    if (element?.setSinkId && speakerId) element.setSinkId(speakerId).catch(() => {});
  }, [speakerId]);
  // biome-ignore lint/a11y/useMediaCaption: live speech of the briefing, no captions exist
  return <audio ref={audio} autoPlay />;
}
