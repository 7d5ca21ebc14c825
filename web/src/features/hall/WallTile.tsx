import { memo, useEffect, useRef } from 'react';
import type { PointAttendance } from '../../../../src/contract/index.js';
import { useI18n } from '../../i18n/i18n.js';
import type { RemoteMedia } from '../../media/media-client.js';

/** One point on the wall: its camera, or why there is none (not connected, absent, excused). */
export const WallTile = memo(function WallTile({
  row,
  video,
  speaking,
  active,
}: {
  row: PointAttendance;
  video: RemoteMedia | undefined;
  speaking: boolean;
  active: boolean;
}) {
  const { t } = useI18n();
  const element = useRef<HTMLVideoElement>(null);
  const track = video?.track;
  useEffect(() => {
    if (element.current) element.current.srcObject = track ? new MediaStream([track]) : null;
  }, [track]);
  const state =
    track && row.connected
      ? 'video'
      : row.connected
        ? 'connected'
        : row.status === 'excused'
          ? 'excused'
          : row.checkedIn || row.lastSeenAt
            ? 'offline'
            : 'absent';
  const highlight = speaking ? 'speaking' : active ? 'active' : '';
  return (
    <li
      className={`wall-tile state-${state} ${highlight}`}
      data-code={row.code}
      data-state={state}
      data-highlight={highlight || undefined}
    >
      {state === 'video' ? (
        <video ref={element} autoPlay playsInline muted aria-label={row.name} />
      ) : (
        <div className="tile-empty">{t(`wall.${state}`)}</div>
      )}
      <div className="wall-label">
        <span className="wall-name">{row.name}</span>
        {speaking ? (
          <span className="tag">{t('wall.speaking')}</span>
        ) : active ? (
          <span className="tag">{t('wall.active')}</span>
        ) : null}
        {row.microphone !== 'auto' ? (
          <span className="tag">{t(`mic.${row.microphone}`)}</span>
        ) : null}
      </div>
    </li>
  );
});
