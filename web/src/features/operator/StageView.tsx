// What the point watches: the central hall (the chair, or its presentation)
// large, the point holding the floor beside it with the time left.
import type { LiveState } from '../../api/live-session.js';
import { useI18n } from '../../i18n/i18n.js';
import type { RemoteMedia } from '../../media/media-client.js';
import { Countdown, VideoTile } from '../../ui/common.js';

export function StageView({
  state,
  remotes,
  localStream,
  ownCode,
}: {
  state: LiveState;
  remotes: RemoteMedia[];
  localStream: MediaStream | null;
  ownCode: string;
}) {
  const { t } = useI18n();
  const floor = state.floor;
  const others = remotes.filter((r) => r.code !== ownCode && r.kind === 'video');
  const speakerCam = floor
    ? others.find((r) => r.code === floor.code && r.source === 'camera')
    : undefined;
  const hallCam = others.find((r) => r.source === 'camera' && r.code !== floor?.code);
  const screen = others.find((r) => r.source === 'screen');
  const speaking = floor?.code === ownCode;
  return (
    <section className="stage" aria-label={t('stage.label')}>
      <VideoTile
        track={(screen ?? hallCam)?.track}
        label={screen ? t('stage.presentation') : t('stage.hall')}
        className="stage-main"
        placeholder={t('stage.waitingHall')}
      />
      <div className="stage-side">
        {floor ? (
          <div className="speaker-card" data-speaker={floor.code}>
            <VideoTile
              track={speaking ? localStream?.getVideoTracks()[0] : speakerCam?.track}
              label={`${t('stage.speaking')}: ${floor.name}`}
              className="stage-speaker"
              placeholder={floor.name}
              mirror={speaking}
            />
            <Countdown
              endsAt={floor.endsAt}
              warningSeconds={state.session?.speech.warningSeconds}
            />
          </div>
        ) : (
          <p className="muted">{t('stage.noSpeaker')}</p>
        )}
        {screen && hallCam ? (
          <VideoTile track={hallCam.track} label={t('stage.hall')} className="stage-small" />
        ) : null}
        <VideoTile
          track={localStream?.getVideoTracks()[0]}
          label={t('stage.self')}
          className="stage-small"
          placeholder={t('stage.noCamera')}
          mirror
        />
      </div>
    </section>
  );
}
