// The central hall (chủ trì): the video wall of every invited point, the
// point holding the floor large with its time, and the chair's own camera,
// microphone and presentation sent to every point.
import { useEffect, useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import type { PointAttendance } from '../../../../src/contract/index.js';
import { credentials } from '../../api/credentials.js';
import { useLiveSession, useLiveState } from '../../api/use-live.js';
import { useI18n } from '../../i18n/i18n.js';
import { savedDevices } from '../../media/devices.js';
import type { RemoteMedia } from '../../media/media-client.js';
import { useLocalStream, useMediaClient } from '../../media/use-media.js';
import {
  AppHeader,
  AudioSink,
  Countdown,
  ErrorNote,
  MediaBadge,
  RefusalBanner,
  SessionStatusBadge,
  VideoTile,
} from '../../ui/common.js';
import { useAction } from '../../ui/hooks.js';
import { LeaveButton } from '../operator/OperatorPage.js';
import { WallTile } from './WallTile.js';
import {
  defaultPageSize,
  forwarded,
  matches,
  PAGE_SIZES,
  type PageSize,
  ROTATE_MS,
  WALL_FILTERS,
  type WallFilter,
  wallPage,
} from './wall-pages.js';

type Order = 'code' | 'name' | 'kind';
const KIND_ORDER = ['central-hall', 'central-body', 'province', 'district', 'commune'];

export function HallPage() {
  const { sessionId } = useParams();
  const { t, dateTime } = useI18n();
  const navigate = useNavigate();
  const point = useMemo(() => credentials.point(), []);
  useEffect(() => {
    if (!point) navigate('/', { replace: true });
  }, [point, navigate]);
  const live = useLiveSession(point?.token, sessionId);
  const state = useLiveState(live);
  const [devices] = useState(savedDevices);
  const local = useLocalStream(devices);
  const mediaOpen = ['scheduled', 'checkin', 'live'].includes(state?.status ?? '');
  const { media, state: mediaState, remotes } = useMediaClient(live, local.stream, mediaOpen);
  const [order, setOrder] = useState<Order>('code');
  const [pageSize, setPageSize] = useState<PageSize | null>(null);
  const [page, setPage] = useState(0);
  const [filter, setFilter] = useState<WallFilter>('all');
  const [rotate, setRotate] = useState(false);
  const [sharing, setSharing] = useState(false);

  const share = useAction(async () => {
    if (!media) return;
    if (sharing) {
      await media.setTrack('screen', null);
      setSharing(false);
      return;
    }
    const display = await navigator.mediaDevices.getDisplayMedia({ video: { frameRate: 10 } });
    const [track] = display.getVideoTracks();
    if (!track) return;
    track.addEventListener('ended', () => {
      void media.setTrack('screen', null);
      setSharing(false);
    });
    await media.setTrack('screen', track);
    setSharing(true);
  });

  const cameras = useMemo(() => {
    const byCode = new Map<string, RemoteMedia>();
    for (const r of remotes) if (r.kind === 'video' && r.source === 'camera') byCode.set(r.code, r);
    return byCode;
  }, [remotes]);

  const rows = useMemo(() => {
    const list = [...(state?.points.values() ?? [])].filter((p) => p.code !== point?.code);
    const by: Record<Order, (a: PointAttendance, b: PointAttendance) => number> = {
      code: (a, b) => a.code.localeCompare(b.code),
      name: (a, b) => a.name.localeCompare(b.name, 'vi'),
      kind: (a, b) =>
        KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
        a.name.localeCompare(b.name, 'vi'),
    };
    return list.sort(by[order]).filter((row) => matches(filter, row));
  }, [state?.points, order, point?.code, filter]);

  // Until the hall chooses: the whole wall for a provincial briefing, pages at national scale.
  const size = pageSize ?? defaultPageSize(state?.points.size ?? 0);
  const paged = wallPage(rows, size, page);
  const everyPoint = size === 'all' && filter === 'all';
  const visibleKey = paged.visible.map((r) => r.code).join(',');
  const activeSpeaker = state?.activeSpeaker ?? null;

  // A turning wall: the next page every ROTATE_MS.
  useEffect(() => {
    if (!rotate || paged.pages < 2) return;
    const timer = setInterval(() => setPage((p) => (p + 1) % paged.pages), ROTATE_MS);
    return () => clearInterval(timer);
  }, [rotate, paged.pages]);

  // Only the points on the wall are forwarded to the hall (and the loudest, and the floor holder).
  useEffect(() => {
    if (!live || mediaState !== 'ready') return;
    const codes = forwarded(visibleKey ? visibleKey.split(',') : [], everyPoint, activeSpeaker);
    live.emit('media:wall', { sessionId: live.sessionId, pointCodes: codes }).catch(() => {
      // The next change (or the media's next start) sends it again.
    });
  }, [live, mediaState, visibleKey, everyPoint, activeSpeaker]);

  if (!point || !live || !state) return null;
  const floor = state.floor;
  const speakerVideo = floor ? cameras.get(floor.code) : undefined;
  const speakerScreen = floor
    ? remotes.find((r) => r.code === floor.code && r.source === 'screen')
    : undefined;
  const summary = state.summary;
  return (
    <div className="page hall">
      <AppHeader
        title={state.session?.title ?? point.name}
        subtitle={state.session ? `${point.name} · ${dateTime(state.session.startsAt)}` : undefined}
        connection={state.connection}
      >
        <SessionStatusBadge status={state.status} />
        <MediaBadge state={mediaState} />
        <LeaveButton />
      </AppHeader>
      <RefusalBanner refusal={state.refusal} />
      <main className="hall-layout">
        <section className="hall-stage" aria-label={t('hall.floor')}>
          {floor ? (
            <div className="floor-large" data-floor-code={floor.code}>
              <VideoTile
                track={(speakerScreen ?? speakerVideo)?.track}
                label={`${t('stage.speaking')}: ${floor.name}`}
                className="floor-video"
                placeholder={floor.name}
              />
              <div className="floor-info">
                <strong>{floor.name}</strong>
                {floor.topic ? <span className="muted">{floor.topic}</span> : null}
                <Countdown
                  endsAt={floor.endsAt}
                  warningSeconds={state.session?.speech.warningSeconds}
                />
              </div>
            </div>
          ) : (
            <p className="muted floor-none">{t('stage.noSpeaker')}</p>
          )}
          <div className="hall-self">
            <VideoTile
              track={local.stream?.getVideoTracks()[0]}
              label={t('hall.self')}
              mirror
              placeholder={t('stage.noCamera')}
            />
            <button
              type="button"
              onClick={() => share.run()}
              disabled={share.pending || mediaState !== 'ready'}
              aria-pressed={sharing}
            >
              {sharing ? t('hall.stopShare') : t('hall.share')}
            </button>
            <ErrorNote error={share.error} />
            {local.error ? (
              <p className="error" role="alert">
                {t('setup.noDevices')}
              </p>
            ) : null}
          </div>
        </section>
        <section className="wall-section" aria-labelledby="wall-heading">
          <div className="wall-tools">
            <h2 id="wall-heading">{t('hall.wall')}</h2>
            {summary ? (
              <span className="muted" data-wall-summary>
                {t('hall.summary', {
                  connected: summary.connected,
                  present: summary.present,
                  invited: summary.invited,
                })}
              </span>
            ) : null}
            <span className="wall-control">
              <label htmlFor="wall-order">{t('hall.order')}</label>
              <select
                id="wall-order"
                value={order}
                onChange={(e) => setOrder(e.target.value as Order)}
              >
                <option value="code">{t('hall.order.code')}</option>
                <option value="name">{t('hall.order.name')}</option>
                <option value="kind">{t('hall.order.kind')}</option>
              </select>
            </span>
            <span className="wall-control">
              <label htmlFor="wall-filter">{t('hall.filter')}</label>
              <select
                id="wall-filter"
                value={filter}
                onChange={(e) => {
                  setFilter(e.target.value as WallFilter);
                  setPage(0);
                }}
              >
                {WALL_FILTERS.map((f) => (
                  <option key={f} value={f}>
                    {t(`hall.filter.${f}`)}
                  </option>
                ))}
              </select>
            </span>
            <span className="wall-control">
              <label htmlFor="wall-size">{t('hall.pageSize')}</label>
              <select
                id="wall-size"
                value={String(size)}
                onChange={(e) => {
                  const v = e.target.value;
                  setPageSize(v === 'all' ? 'all' : (Number(v) as PageSize));
                  setPage(0);
                }}
              >
                {PAGE_SIZES.map((s) => (
                  <option key={s} value={String(s)}>
                    {s === 'all' ? t('hall.pageSize.all') : t('hall.pageSize.n', { n: s })}
                  </option>
                ))}
              </select>
            </span>
            {paged.pages > 1 ? (
              <span className="wall-pages" data-wall-page={paged.page + 1}>
                <button
                  type="button"
                  onClick={() => setPage(paged.page === 0 ? paged.pages - 1 : paged.page - 1)}
                >
                  {t('hall.page.previous')}
                </button>
                <span role="status">
                  {t('hall.page.of', { page: paged.page + 1, pages: paged.pages })}
                </span>
                <button type="button" onClick={() => setPage((paged.page + 1) % paged.pages)}>
                  {t('hall.page.next')}
                </button>
                <label>
                  <input
                    type="checkbox"
                    checked={rotate}
                    onChange={(e) => setRotate(e.target.checked)}
                  />{' '}
                  {t('hall.page.rotate')}
                </label>
              </span>
            ) : null}
          </div>
          <ul className="wall" data-tiles={paged.visible.length}>
            {paged.visible.map((row) => (
              <WallTile
                key={row.code}
                row={row}
                video={cameras.get(row.code)}
                speaking={floor?.code === row.code}
                active={state.activeSpeaker === row.code}
              />
            ))}
          </ul>
        </section>
      </main>
      <AudioSink
        tracks={remotes.filter((r) => r.kind === 'audio').map((r) => r.track)}
        speakerId={devices.speakerId}
      />
    </div>
  );
}
