import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { RecordingConfig } from '../../config.js';
import type { RecordingStatusView } from '../../contract/index.js';
import type { Db } from '../../db/client.js';
import { ErrorCode, HttpProblem } from '../../http/problem.js';
import type { Logger } from '../../logger.js';
import type { MediaService } from '../../media/media-service.js';
import { Recorder, type RecorderEnd } from '../../media/recorder.js';
import type { DomainEvents } from '../../plugins/events.js';
import type { Actor } from '../audit/record.js';
import { phase } from '../sessions/lifecycle.js';
import { statusOf } from '../sessions/read.js';
import { audited } from './control.js';
import { hallCamera } from './hall.js';
import { checkStorage, endOrphan, ffprobePath, recoverSegments } from './storage.js';
import {
  finishPart,
  insertPart,
  insertSegment,
  loadState,
  openParts,
  type PartRow,
  type StatePatch,
  type StateRow,
  saveState,
  setPartStart,
  wantedSessions,
} from './store.js';

/** ffmpeg failures in a row before the recording stays failed (until started again). */
const MAX_FAILURES = 3;
const RETRY_MS = 2000;
/** A part that cannot start (no worker yet after a failure): tried again this often, this many times. */
const START_RETRY_MS = 1000;
const MAX_START_ERRORS = 30;
/** How long a new part waits for the hall's camera (after a reset, the hall sets up its media again). */
const HALL_WAIT_MS = 5000;
const DISK_CHECK_MS = 15_000;

interface Run {
  recorder?: Recorder | undefined;
  starting?: Promise<void> | undefined;
  retry?: NodeJS.Timeout | undefined;
  failures: number;
  startErrors: number;
  /** Segment rows being written. */
  writes: Set<Promise<unknown>>;
}

export interface RecordingDeps {
  db: Db;
  media: MediaService;
  config: RecordingConfig;
  events: DomainEvents;
  log: Logger;
  /** Tells the people in the session (staff room). */
  broadcast(view: RecordingStatusView): void;
}

export const statusView = (row: StateRow): RecordingStatusView => ({
  sessionId: row.sessionId,
  wanted: row.wanted,
  status: row.status as RecordingStatusView['status'],
  since: row.since.toISOString(),
  recordAutomatically: row.recordAutomatically,
  code: row.errorCode,
  reason: row.reason,
});

/**
 * Recording as those running a session want it: a recorder (one part at a
 * time) for every live session whose recording is on, started again after a
 * worker failure, an ffmpeg failure (a few times) or a server restart; the
 * state and every part and segment in PostgreSQL.
 */
export class RecordingService {
  readonly #deps: RecordingDeps;
  readonly #log: Logger;
  readonly #runs = new Map<string, Run>();
  readonly #diskTimer: NodeJS.Timeout;
  #closed = false;

  constructor(deps: RecordingDeps) {
    this.#deps = deps;
    this.#log = deps.log.child({ component: 'recording' });
    this.#diskTimer = setInterval(() => void this.#checkDisks(), DISK_CHECK_MS);
    this.#diskTimer.unref();
  }

  async status(sessionId: string): Promise<RecordingStatusView> {
    return statusView(await loadState(this.#deps.db, sessionId));
  }

  /** Those running the session start recording: refused with a clear code if the disk cannot take it. */
  async start(sessionId: string, actor: Actor): Promise<RecordingStatusView> {
    const status = await statusOf(this.#deps.db, sessionId);
    if (!status || status !== 'live')
      throw new HttpProblem(
        409,
        ErrorCode.SESSION_NOT_LIVE,
        'Recording starts once the session is live.',
      );
    const problem = await checkStorage(this.#deps.config.dir, this.#deps.config.minFreeBytes);
    if (problem) {
      await this.#set(sessionId, {
        status: 'failed',
        errorCode: problem.code,
        reason: problem.message,
      });
      throw new HttpProblem(409, problem.code, problem.message);
    }
    const row = await audited(this.#deps.db, sessionId, actor, 'recording.start', (before) => ({
      wanted: true,
      status: before.status === 'recording' ? 'recording' : 'starting',
      errorCode: null,
      reason: null,
    }));
    const run = this.#run(sessionId);
    run.failures = 0;
    run.startErrors = 0;
    setImmediate(() => {
      this.#deps.broadcast(statusView(row));
      this.#ensure(sessionId);
    });
    return statusView(row);
  }

  async stop(sessionId: string, actor: Actor): Promise<RecordingStatusView> {
    const row = await audited(this.#deps.db, sessionId, actor, 'recording.stop', () => ({
      wanted: false,
      status: 'off',
      errorCode: null,
      reason: null,
    }));
    await this.#halt(sessionId, 'stopped');
    setImmediate(() => this.#deps.broadcast(statusView(row)));
    return statusView(row);
  }

  async setAutomatic(sessionId: string, on: boolean, actor: Actor): Promise<RecordingStatusView> {
    const row = await audited(this.#deps.db, sessionId, actor, 'recording.settings', () => ({
      recordAutomatically: on,
    }));
    setImmediate(() => this.#deps.broadcast(statusView(row)));
    return statusView(row);
  }

  /** The session's lifecycle moved: records by itself when it goes live (if set), stops when it is over. */
  async sessionStatus(sessionId: string, status: string, actor: Actor): Promise<void> {
    if (status === 'live') {
      const state = await loadState(this.#deps.db, sessionId);
      if (state.recordAutomatically && !state.wanted) await this.start(sessionId, actor);
    } else if (phase.over(status as never)) {
      const state = await loadState(this.#deps.db, sessionId);
      if (!state.wanted && state.status === 'off') return;
      await this.#set(sessionId, { wanted: false, status: 'off', errorCode: null, reason: null });
      await this.#halt(sessionId, 'stopped');
    }
  }

  floorChanged(sessionId: string, pointId: string | null): void {
    const recorder = this.#runs.get(sessionId)?.recorder;
    if (recorder)
      void recorder
        .setFloor(pointId)
        .catch((err) => this.#log.warn({ err, sessionId }, 'recorder floor change failed'));
  }

  /**
   * After a start: parts the previous process left open are closed (their
   * files kept, the one being written measured), and every live session
   * whose recording was on records again, in a new part.
   */
  async resume(): Promise<void> {
    const { db, config } = this.#deps;
    for (const part of await openParts(db)) {
      const dir = path.join(config.dir, part.dir);
      const orphan = await endOrphan(dir);
      const found = await recoverSegments(dir, ffprobePath(config.ffmpegPath));
      this.#log.warn(
        {
          sessionId: part.sessionId,
          part: part.seq,
          orphan,
          segments: found.length,
          csv: await (await import('node:fs/promises'))
            .readFile(path.join(dir, 'segments.csv'), 'utf8')
            .catch(() => ''),
          files: await (await import('node:fs/promises')).readdir(dir),
        },
        'recording part cut by a stop of the server: closed with the files it left',
      );
      for (const s of found) {
        const bytes = await stat(path.join(dir, s.file)).then(
          (st) => st.size,
          () => 0,
        );
        await insertSegment(db, { partId: part.id, sessionId: part.sessionId, ...s, bytes });
      }
      const ms = found.reduce((end, s) => Math.max(end, s.startMs + s.durationMs), 0);
      await finishPart(db, part.id, {
        endedAt: new Date(part.startedAt.getTime() + ms),
        status: 'finished',
        reason: 'server stopped',
      });
      if (found.length) this.#ready(part, ms);
    }
    for (const { sessionId, status } of await wantedSessions(db))
      if (status === 'live') this.#ensure(sessionId);
  }

  #run(sessionId: string): Run {
    let run = this.#runs.get(sessionId);
    if (!run) {
      run = { failures: 0, startErrors: 0, writes: new Set() };
      this.#runs.set(sessionId, run);
    }
    return run;
  }

  async #set(sessionId: string, patch: StatePatch): Promise<void> {
    const before = await loadState(this.#deps.db, sessionId);
    const after = await saveState(this.#deps.db, sessionId, patch);
    if (
      before.status !== after.status ||
      before.reason !== after.reason ||
      before.wanted !== after.wanted
    )
      this.#deps.broadcast(statusView(after));
  }

  /** Starts a part if the recording is wanted and none runs or is starting. */
  #ensure(sessionId: string): void {
    if (this.#closed) return;
    const run = this.#run(sessionId);
    clearTimeout(run.retry);
    run.retry = undefined;
    if (run.recorder || run.starting) return;
    run.starting = this.#startPart(sessionId, run)
      .catch((err) => {
        run.startErrors++;
        this.#log.warn(
          { err, sessionId, attempt: run.startErrors },
          'recording part did not start',
        );
        if (run.startErrors <= MAX_START_ERRORS) this.#later(sessionId, run, START_RETRY_MS);
        else
          void this.#set(sessionId, {
            status: 'failed',
            errorCode: ErrorCode.RECORDING_FFMPEG_FAILED,
            reason: `The recording could not start: ${(err as Error).message}`,
          });
      })
      .finally(() => {
        run.starting = undefined;
      });
  }

  #later(sessionId: string, run: Run, ms: number): void {
    clearTimeout(run.retry);
    run.retry = setTimeout(() => this.#ensure(sessionId), ms);
  }

  async #startPart(sessionId: string, run: Run): Promise<void> {
    const { db, config, media } = this.#deps;
    const state = await loadState(db, sessionId);
    const status = await statusOf(db, sessionId);
    if (!state.wanted || !status || status !== 'live' || this.#closed) return;
    const problem = await checkStorage(config.dir, config.minFreeBytes);
    if (problem) {
      this.#log.error({ sessionId, ...problem }, 'recording cannot write');
      await this.#set(sessionId, {
        status: 'failed',
        errorCode: problem.code,
        reason: problem.message,
      });
      this.#later(sessionId, run, DISK_CHECK_MS);
      return;
    }
    const room = await media.room(sessionId);
    await hallCamera(room, HALL_WAIT_MS);
    if (this.#closed || room.closed) return;
    const part = await insertPart(db, {
      sessionId,
      dir: (seq) => path.join(sessionId, `part-${String(seq).padStart(3, '0')}`),
      startedAt: new Date(),
      hasVideo: false,
    });
    const dir = path.join(config.dir, part.dir);
    let recorder: Recorder;
    try {
      await mkdir(dir, { recursive: true });
      recorder = await Recorder.create({
        room,
        dir,
        ffmpegPath: config.ffmpegPath,
        ffprobePath: ffprobePath(config.ffmpegPath),
        segmentSeconds: config.segmentSeconds,
        log: this.#log.child({ sessionId, part: part.seq }),
      });
    } catch (err) {
      await finishPart(db, part.id, {
        endedAt: new Date(),
        status: 'failed',
        reason: (err as Error).message,
      });
      throw err;
    }
    run.recorder = recorder;
    recorder.on('segment', (seg) => {
      run.failures = 0;
      const write = insertSegment(db, { partId: part.id, sessionId, ...seg })
        .catch((err) =>
          this.#log.error({ err, sessionId, file: seg.file }, 'recording segment not stored'),
        )
        .finally(() => run.writes.delete(write));
      run.writes.add(write);
    });
    await setPartStart(db, part.id, recorder.startedAt, recorder.hasVideo);
    run.startErrors = 0;
    if (!recorder.ending)
      await this.#set(sessionId, { status: 'recording', errorCode: null, reason: null });
    void recorder.ended.then((end) =>
      this.#partEnded(sessionId, run, recorder, part, end).catch((err) =>
        this.#log.error({ err, sessionId }, 'recording part end not handled'),
      ),
    );
  }

  async #partEnded(
    sessionId: string,
    run: Run,
    recorder: Recorder,
    part: PartRow,
    end: RecorderEnd,
  ): Promise<void> {
    if (run.recorder === recorder) run.recorder = undefined;
    const { db } = this.#deps;
    // The segment rows are written as they come: let the last ones land.
    await Promise.all(run.writes);
    const reason = end.failed ? (end.detail ?? 'ffmpeg failed') : end.reason;
    await finishPart(db, part.id, {
      endedAt: end.endedAt,
      status: end.failed ? 'failed' : 'finished',
      reason: reason.slice(0, 2000),
    });
    const ms = end.endedAt.getTime() - recorder.startedAt.getTime();
    this.#ready({ ...part, startedAt: recorder.startedAt }, ms);
    if (this.#closed) return;
    const state = await loadState(db, sessionId);
    if (!state.wanted) return;
    if (end.failed) {
      run.failures++;
      this.#log.error({ sessionId, reason, failures: run.failures }, 'ffmpeg stopped recording');
      await this.#set(sessionId, {
        status: 'failed',
        errorCode: ErrorCode.RECORDING_FFMPEG_FAILED,
        reason: `ffmpeg: ${reason.slice(-500)}`,
      });
      if (run.failures < MAX_FAILURES) this.#later(sessionId, run, RETRY_MS * run.failures);
    } else if (end.reason !== 'stopped') {
      // A worker failure or a new hall camera: the next part at once.
      this.#ensure(sessionId);
    }
  }

  /** A finished part with media in it: playable now. */
  #ready(part: PartRow, ms: number): void {
    if (ms <= 0) return;
    this.#deps.events.publish('recording.ready', {
      sessionId: part.sessionId,
      recordingId: part.id,
      seconds: Math.round(ms / 1000),
      at: new Date(),
    });
  }

  async #halt(sessionId: string, reason: string): Promise<void> {
    const run = this.#runs.get(sessionId);
    if (!run) return;
    clearTimeout(run.retry);
    run.retry = undefined;
    await run.starting;
    await run.recorder?.close(reason);
  }

  /** Free space, while recording: below the threshold a recording stops with the reason. */
  async #checkDisks(): Promise<void> {
    const recording = [...this.#runs.entries()].filter(([, run]) => run.recorder);
    if (recording.length === 0) return;
    const { config } = this.#deps;
    const problem = await checkStorage(config.dir, config.minFreeBytes).catch(() => null);
    if (!problem) return;
    for (const [sessionId, run] of recording) {
      this.#log.error({ sessionId, ...problem }, 'recording stopped: disk');
      await run.recorder?.close('disk');
      await this.#set(sessionId, {
        status: 'failed',
        errorCode: problem.code,
        reason: problem.message,
      });
      this.#later(sessionId, run, DISK_CHECK_MS);
    }
  }

  /** Shutdown: every part finishes its files; recordings stay wanted, so the next start resumes them. */
  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#diskTimer);
    for (const run of this.#runs.values()) clearTimeout(run.retry);
    await Promise.all(
      [...this.#runs.values()].map(async (run) => {
        await run.starting?.catch(() => {});
        await run.recorder?.close('server stopped');
      }),
    );
  }
}
