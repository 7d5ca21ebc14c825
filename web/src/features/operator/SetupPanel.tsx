// Before the session: the devices, a preview, the microphone's level, and
// the technical test over the real path to the server, reported to the
// moderators' board.
import { useEffect, useId, useRef, useState } from 'react';
import type { PointAttendance } from '../../../../src/contract/index.js';
import type { LiveSession } from '../../api/live-session.js';
import { useI18n } from '../../i18n/i18n.js';
import { type DeviceChoice, listDevices, saveDevices } from '../../media/devices.js';
import type { MediaClient, MediaState } from '../../media/media-client.js';
import { watchMicLevel } from '../../media/mic-level.js';
import { runTechnicalTest, type TestReport } from '../../media/technical-test.js';
import { ErrorNote, VideoTile } from '../../ui/common.js';
import { useAction } from '../../ui/hooks.js';

export function SetupPanel({
  live,
  media,
  mediaState,
  stream,
  streamError,
  devices,
  onDevices,
  code,
  lastTest,
}: {
  live: LiveSession;
  media: MediaClient | null;
  mediaState: MediaState;
  stream: MediaStream | null;
  streamError: unknown;
  devices: DeviceChoice;
  onDevices(choice: DeviceChoice): void;
  code: string;
  lastTest: PointAttendance | null;
}) {
  const { t, time } = useI18n();
  const [available, setAvailable] = useState<MediaDeviceInfo[]>([]);
  const [level, setLevel] = useState(0);
  const [report, setReport] = useState<TestReport | null>(null);
  const ids = { camera: useId(), mic: useId(), speaker: useId(), level: useId() };

  // Device names appear once the browser has opened a stream: list again then.
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-run on a new stream on purpose
  useEffect(() => {
    listDevices().then(setAvailable, () => {});
  }, [stream]);
  useEffect(() => {
    const track = stream?.getAudioTracks()[0];
    if (!track) return;
    return watchMicLevel(track, setLevel);
  }, [stream]);

  const choose = (patch: Partial<DeviceChoice>) => {
    const next = { ...devices, ...patch };
    saveDevices(next);
    onDevices(next);
  };

  const test = useAction(async () => {
    if (!media) throw new Error('no media');
    setReport(null);
    const result = await runTechnicalTest(media, code);
    setReport(result);
    const row = await live.emit('attendance:test-result', {
      sessionId: live.sessionId,
      passed: result.passed,
      figures: result.figures,
    });
    live.putPoint(row);
  });

  const options = (kind: MediaDeviceKind) => available.filter((d) => d.kind === kind);
  return (
    <div className="setup">
      <h2>{t('setup.heading')}</h2>
      {streamError ? (
        <p className="error" role="alert">
          {t('setup.noDevices')}
        </p>
      ) : null}
      <div className="setup-grid">
        <VideoTile
          track={stream?.getVideoTracks()[0]}
          label={t('setup.preview')}
          className="preview"
          placeholder={t('stage.noCamera')}
          mirror
        />
        <div className="fields">
          <label htmlFor={ids.camera}>{t('setup.camera')}</label>
          <select
            id={ids.camera}
            value={devices.cameraId ?? ''}
            onChange={(e) => choose({ cameraId: e.target.value || null })}
          >
            <option value="">{t('setup.default')}</option>
            {options('videoinput').map((d, i) => (
              <option key={d.deviceId} value={d.deviceId}>
                {d.label || `${t('setup.camera')} ${i + 1}`}
              </option>
            ))}
          </select>
          <label htmlFor={ids.mic}>{t('setup.mic')}</label>
          <select
            id={ids.mic}
            value={devices.micId ?? ''}
            onChange={(e) => choose({ micId: e.target.value || null })}
          >
            <option value="">{t('setup.default')}</option>
            {options('audioinput').map((d, i) => (
              <option key={d.deviceId} value={d.deviceId}>
                {d.label || `${t('setup.mic')} ${i + 1}`}
              </option>
            ))}
          </select>
          <label htmlFor={ids.level}>{t('setup.level')}</label>
          <meter id={ids.level} min={0} max={1} low={0.05} high={0.9} optimum={0.5} value={level} />
          <label htmlFor={ids.speaker}>{t('setup.speaker')}</label>
          <select
            id={ids.speaker}
            value={devices.speakerId ?? ''}
            onChange={(e) => choose({ speakerId: e.target.value || null })}
          >
            <option value="">{t('setup.default')}</option>
            {options('audiooutput').map((d, i) => (
              <option key={d.deviceId} value={d.deviceId}>
                {d.label || `${t('setup.speaker')} ${i + 1}`}
              </option>
            ))}
          </select>
        </div>
      </div>
      <h3>{t('test.heading')}</h3>
      <p className="hint">{t('test.hint')}</p>
      <button
        type="button"
        className="primary"
        onClick={() => test.run()}
        disabled={test.pending || mediaState !== 'ready'}
        aria-describedby={mediaState !== 'ready' ? 'test-wait' : undefined}
      >
        {test.pending ? t('test.running') : t('test.run')}
      </button>
      {mediaState !== 'ready' ? (
        <p id="test-wait" className="muted">
          {t('test.waitMedia')}
        </p>
      ) : null}
      <ErrorNote error={test.error} />
      {report ? <TestResult report={report} /> : null}
      {!report && lastTest?.testPassed != null ? (
        <p className={lastTest.testPassed ? 'ok' : 'error'}>
          {t(lastTest.testPassed ? 'test.lastPassed' : 'test.lastFailed', {
            time: time(lastTest.testAt),
          })}
        </p>
      ) : null}
    </div>
  );
}

function TestResult({ report }: { report: TestReport }) {
  const { t } = useI18n();
  const f = report.figures;
  // The verdict comes into view on a small screen, where the panel scrolls.
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const result = box.current;
    const panel = result?.closest('.tab-panel');
    if (result && panel) panel.scrollTop = result.offsetTop;
  }, []);
  return (
    <div ref={box} className="test-result" data-test-passed={String(report.passed)} role="status">
      <p className={report.passed ? 'ok big' : 'error big'}>
        {t(report.passed ? 'test.passed' : 'test.failed')}
      </p>
      <table>
        <caption className="visually-hidden">{t('test.figures')}</caption>
        <tbody>
          <tr>
            <th scope="row">{t('test.rtt')}</th>
            <td>{f.rttMs} ms</td>
          </tr>
          <tr>
            <th scope="row">{t('test.jitter')}</th>
            <td>{f.jitterMs} ms</td>
          </tr>
          <tr>
            <th scope="row">{t('test.loss')}</th>
            <td>{f.lossPercent} %</td>
          </tr>
          <tr>
            <th scope="row">{t('test.uplink')}</th>
            <td>{f.uplinkKbps} kbit/s</td>
          </tr>
          <tr>
            <th scope="row">{t('test.downlink')}</th>
            <td>{f.downlinkKbps} kbit/s</td>
          </tr>
          <tr>
            <th scope="row">{t('test.video')}</th>
            <td>{f.videoOk ? t('common.yes') : t('common.no')}</td>
          </tr>
          <tr>
            <th scope="row">{t('test.audio')}</th>
            <td>{f.audioOk ? t('common.yes') : t('common.no')}</td>
          </tr>
        </tbody>
      </table>
      {report.advice.length > 0 ? (
        <ul className="advice">
          {report.advice.map((a) => (
            <li key={a}>{t(`test.fix.${a}`)}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
