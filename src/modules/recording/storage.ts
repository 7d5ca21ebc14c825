import { mkdir, readdir, readFile, rm, statfs, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ErrorCode } from '../../http/problem.js';
import { probeSeconds } from '../../media/recorder-ffmpeg.js';

export interface StorageProblem {
  code: typeof ErrorCode.RECORDING_DISK_FULL | typeof ErrorCode.RECORDING_NOT_WRITABLE;
  message: string;
}

/**
 * Whether recordings can be written under `dir`: it exists (made if not), a
 * file can be written in it (a real write: permissions say nothing to root,
 * a read-only or full disk only shows on writing), and at least `minFree`
 * bytes are free. null: fine.
 */
export async function checkStorage(dir: string, minFree: number): Promise<StorageProblem | null> {
  try {
    await mkdir(dir, { recursive: true });
    const probe = path.join(dir, `.probe-${process.pid}`);
    await writeFile(probe, 'ok');
    await rm(probe, { force: true });
  } catch (err) {
    return {
      code: ErrorCode.RECORDING_NOT_WRITABLE,
      message: `The recordings directory ${dir} is not writable: ${(err as Error).message}`,
    };
  }
  const fs = await statfs(dir);
  const free = fs.bavail * fs.bsize;
  if (free < minFree)
    return {
      code: ErrorCode.RECORDING_DISK_FULL,
      message: `Only ${Math.floor(free / 1048576)} MB free under ${dir}; recording needs at least ${Math.floor(minFree / 1048576)} MB.`,
    };
  return null;
}

/** ffprobe beside the configured ffmpeg (or on PATH). */
export function ffprobePath(ffmpegPath: string): string {
  return ffmpegPath.includes('/') ? path.join(path.dirname(ffmpegPath), 'ffprobe') : 'ffprobe';
}

/**
 * The ffmpeg a killed server left recording a part: it gets no media any
 * more and would only hold its file open. Ended at once (SIGKILL): its
 * clusters are flushed to disk every second (see the recorder), so the file
 * it was writing holds everything but that last second, and is measured as it
 * is. Only a process whose command line names the part's directory is killed.
 */
export async function endOrphan(dir: string): Promise<number | null> {
  const pid = Number(await readFile(path.join(dir, 'ffmpeg.pid'), 'utf8').catch(() => ''));
  if (!Number.isInteger(pid) || pid <= 0) return null;
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  if (!cmdline.includes(dir)) return null;
  try {
    process.kill(pid, 'SIGKILL');
    for (let i = 0; i < 50; i++) {
      await new Promise((r) => setTimeout(r, 100));
      process.kill(pid, 0);
    }
  } catch {
    // gone
  }
  return pid;
}

/**
 * The segments of a part whose ffmpeg was killed (the server stopped under
 * it): those its list names, then any file it was still writing, measured.
 */
export async function recoverSegments(
  dir: string,
  ffprobe: string,
): Promise<Array<{ seq: number; file: string; startMs: number; durationMs: number }>> {
  const listed = new Map<string, { start: number; end: number }>();
  const list = await readFile(path.join(dir, 'segments.csv'), 'utf8').catch(() => '');
  for (const line of list.split('\n')) {
    const [file, start, end] = line.trim().split(',');
    if (file && start !== undefined && end !== undefined)
      listed.set(file, { start: Number(start), end: Number(end) });
  }
  const files = (await readdir(dir).catch(() => [] as string[]))
    .filter((f) => /^seg-\d+\.webm$/.test(f))
    .sort();
  const out: Array<{ seq: number; file: string; startMs: number; durationMs: number }> = [];
  let endMs = 0;
  for (const file of files) {
    const seq = Number(/(\d+)/.exec(file)?.[1]);
    const known = listed.get(file);
    let startMs = endMs;
    let durationMs: number;
    if (known) {
      startMs = Math.round(known.start * 1000);
      durationMs = Math.round((known.end - known.start) * 1000);
    } else {
      durationMs = Math.round(
        (await probeSeconds(ffprobe, path.join(dir, file)).catch(() => 0)) * 1000,
      );
    }
    if (durationMs <= 0) continue;
    out.push({ seq, file, startMs, durationMs });
    endMs = startMs + durationMs;
  }
  return out;
}
