// The secretariat's recordings (bản ghi): choose a session, see its parts and
// files with their lengths, play them (the player asks for byte ranges), save
// them, and jump to any speech of the register. Secretariat, chair,
// moderators, observers.
import { useMemo, useRef, useState } from 'react';
import { Route, Routes, useNavigate, useParams } from 'react-router';
import type {
  RecordedSpeech,
  RecordingIndex,
  RecordingSegment,
  SessionSummary,
} from '../../../../../src/contract/index.js';
import { useI18n } from '../../../i18n/i18n.js';
import { ErrorNote } from '../../../ui/common.js';
import { durationText, monthsAgo } from '../records/format.js';
import { useApiData } from '../records/use-api-data.js';
import './recordings.css';

export function RecordingsPage() {
  return (
    <Routes>
      <Route index element={<RecordingsView />} />
      <Route path=":sessionId" element={<RecordingsView />} />
    </Routes>
  );
}

function RecordingsView() {
  const { t } = useI18n();
  const { sessionId } = useParams();
  return (
    <div className="recordings-page">
      <div className="records-head">
        <h2>{t('recordings.heading')}</h2>
        <SessionPicker sessionId={sessionId ?? ''} />
      </div>
      {sessionId ? (
        <SessionRecordings key={sessionId} sessionId={sessionId} />
      ) : (
        <p className="hint">{t('recordings.pickHint')}</p>
      )}
    </div>
  );
}

function SessionPicker({ sessionId }: { sessionId: string }) {
  const { t, dateTime } = useI18n();
  const navigate = useNavigate();
  const from = useMemo(() => monthsAgo(6), []);
  const { data, error } = useApiData<{ sessions: SessionSummary[] }>(
    `/api/v1/sessions?from=${encodeURIComponent(from)}&limit=1000`,
  );
  const sessions = (data?.sessions ?? [])
    .filter((s) => s.status !== 'draft' && s.status !== 'cancelled')
    .sort((a, b) => Date.parse(b.startsAt) - Date.parse(a.startsAt));
  return (
    <div className="row">
      <label htmlFor="recordings-session">{t('records.session')}</label>
      <select
        id="recordings-session"
        value={sessionId}
        onChange={(e) =>
          navigate(e.target.value ? `/admin/recordings/${e.target.value}` : '/admin/recordings')
        }
      >
        <option value="">{t('records.session.choose')}</option>
        {sessions.map((s) => (
          <option key={s.id} value={s.id}>
            {t('records.session.option', {
              date: dateTime(s.startsAt),
              title: s.title,
              status: t(`status.${s.status}`),
            })}
          </option>
        ))}
      </select>
      <ErrorNote error={error} />
    </div>
  );
}

const megabytes = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;

function SessionRecordings({ sessionId }: { sessionId: string }) {
  const { t, time, clock } = useI18n();
  const { data, error } = useApiData<RecordingIndex>(`/api/v1/sessions/${sessionId}/recordings`);
  const video = useRef<HTMLVideoElement>(null);
  const [current, setCurrent] = useState<{ id: string; at: number } | null>(null);
  const segments = useMemo(
    () => (data?.parts ?? []).flatMap((p) => p.segments.map((s) => ({ part: p.seq, segment: s }))),
    [data],
  );
  if (error) return <ErrorNote error={error} />;
  if (!data) return <p role="status">{t('common.loading')}</p>;
  if (segments.length === 0) return <p>{t('recordings.none')}</p>;
  const playing = segments.find((s) => s.segment.id === current?.id) ?? segments[0];
  const play = (segment: RecordingSegment, at = 0) => {
    setCurrent({ id: segment.id, at });
    const v = video.current;
    // The same file: seek at once; another: the new source seeks when it loads.
    if (v && segment.id === playing?.segment.id) {
      v.currentTime = at;
      void v.play().catch(() => {});
    }
  };
  const seekSpeech = (speech: RecordedSpeech) => {
    const target = segments.find((s) => s.segment.id === speech.start?.segmentId);
    if (target && speech.start) play(target.segment, speech.start.segmentOffsetSeconds);
  };
  const next = () => {
    const i = segments.findIndex((s) => s.segment.id === playing?.segment.id);
    const following = segments[i + 1];
    if (following) play(following.segment);
  };
  const numberOf = (s: RecordingSegment) => s.seq + 1;
  return (
    <div className="recordings-layout">
      <section className="recordings-player" aria-label={t('recordings.player')}>
        <p className="recordings-total">
          {t('recordings.total', {
            duration: durationText(data.totalSeconds),
            parts: data.parts.length,
            segments: segments.length,
          })}
        </p>
        {data.gaps.length > 0 ? (
          <p className="hint">
            {t('recordings.gaps', {
              list: data.gaps
                .map((g) => `${clock(g.from)}–${clock(g.to)} (${durationText(g.seconds)})`)
                .join(', '),
            })}
          </p>
        ) : null}
        {playing ? (
          <>
            {/* biome-ignore lint/a11y/useMediaCaption: a recording of a live meeting has no captions */}
            <video
              ref={video}
              key={playing.segment.id}
              src={playing.segment.url}
              controls
              preload="metadata"
              aria-label={t('recordings.player')}
              data-segment-id={playing.segment.id}
              onLoadedMetadata={(e) => {
                if (current?.id === playing.segment.id && current.at > 0) {
                  e.currentTarget.currentTime = current.at;
                  void e.currentTarget.play().catch(() => {});
                } else if (current) void e.currentTarget.play().catch(() => {});
              }}
              onEnded={next}
            />
            <p role="status">
              {t('recordings.playing', { part: playing.part, n: numberOf(playing.segment) })}
            </p>
          </>
        ) : null}
        <section aria-labelledby="speeches-heading" className="recordings-speeches">
          <h3 id="speeches-heading">{t('recordings.speeches.heading')}</h3>
          {data.speeches.length === 0 ? (
            <p>{t('recordings.speeches.none')}</p>
          ) : (
            <>
              <p className="hint">{t('recordings.speeches.hint')}</p>
              <ol>
                {data.speeches.map((s) => (
                  <li key={s.entryId}>
                    {s.start?.segmentId ? (
                      <button
                        type="button"
                        className="link"
                        data-speech={s.code}
                        onClick={() => seekSpeech(s)}
                      >
                        {t('recordings.speech.label', {
                          name: s.name,
                          from: clock(s.startedAt),
                          to: s.endedAt ? clock(s.endedAt) : '…',
                          offset: durationText(s.start.offsetSeconds),
                        })}
                      </button>
                    ) : (
                      t('recordings.speech.notRecorded', { name: s.name })
                    )}
                    {s.start?.inGap ? (
                      <span className="hint"> ({t('recordings.speech.inGap')})</span>
                    ) : null}
                  </li>
                ))}
              </ol>
            </>
          )}
        </section>
      </section>
      <section className="recordings-parts">
        {data.parts.map((part) => (
          <div key={part.id} className="recordings-part">
            <h3>
              {t('recordings.part', { n: part.seq })} · {durationText(part.durationSeconds)}
            </h3>
            <p>
              {t('recordings.part.range', {
                from: time(part.startedAt),
                to: part.endedAt ? time(part.endedAt) : t('recordings.part.running'),
              })}
            </p>
            {part.status === 'failed' ? (
              <p className="error">
                {t('recordings.part.failed', { reason: part.endReason ?? '' })}
              </p>
            ) : null}
            {part.segments.length > 0 ? (
              <table>
                <caption>{t('recordings.segments.caption', { n: part.seq })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('recordings.col.file')}</th>
                    <th scope="col">{t('recordings.col.at')}</th>
                    <th scope="col">{t('recordings.col.duration')}</th>
                    <th scope="col">{t('recordings.col.size')}</th>
                    <th scope="col">{t('common.actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {part.segments.map((s) => (
                    <tr key={s.id} data-segment={s.id}>
                      <td>{t('recordings.fileName', { n: numberOf(s) })}</td>
                      <td>{durationText(s.offsetSeconds)}</td>
                      <td>{durationText(s.durationSeconds)}</td>
                      <td>{megabytes(s.bytes)}</td>
                      <td className="row">
                        <button
                          type="button"
                          onClick={() => play(s)}
                          aria-label={`${t('recordings.play')} ${t('recordings.fileName', { n: numberOf(s) })}`}
                        >
                          {t('recordings.play')}
                        </button>
                        <a
                          href={`${s.url}&download=1`}
                          download
                          aria-label={`${t('recordings.download')} ${t('recordings.fileName', { n: numberOf(s) })}`}
                        >
                          {t('recordings.download')}
                        </a>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
          </div>
        ))}
      </section>
    </div>
  );
}
