import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { errorCode } from '../errors';

/**
 * Temporary files are named `.<target>.<pid>.<epoch ms>.<random>.tmp` in the target's folder:
 * hidden (a leading dot, so listings skip them), and carrying who wrote them and when, so a
 * store can tell a crash leftover from a write in progress (see isStaleTemporaryFile).
 */
const TEMPORARY_NAME = /^\.(.+)\.(\d+)\.(\d+)\.[0-9a-f]+\.tmp$/;

/** A temporary file older than this (10 minutes) is a leftover whoever wrote it: a write takes milliseconds. */
export const STALE_TEMPORARY_FILE_MS = 10 * 60_000;

/** When this process started (epoch ms): its own temporary files from before then belong to an earlier process with the same pid. */
const PROCESS_STARTED_AT = Date.now() - Math.round(process.uptime() * 1000);

function temporaryFile(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.${randomBytes(4).toString('hex')}.tmp`);
}

/** True for names this module gives temporary files (and any other hidden `.….tmp` file). */
export function isTemporaryName(name: string): boolean {
  return name.startsWith('.') && name.endsWith('.tmp');
}

/**
 * Whether a temporary file is a leftover of a crash, judged from its name and modification
 * time: its writer (the pid in its name) is no longer running on this machine, or it is this
 * process's pid but older than this process, or it is older than STALE_TEMPORARY_FILE_MS, or
 * its name carries no writer at all. The file store is used by the processes of one machine
 * (the server and the CLI), so a live pid means a write may be in progress: leave it.
 */
export function isStaleTemporaryFile(name: string, modifiedAt: number, now: number = Date.now()): boolean {
  if (!isTemporaryName(name)) return false;
  if (now - modifiedAt > STALE_TEMPORARY_FILE_MS) return true;
  const match = TEMPORARY_NAME.exec(name);
  if (!match) return true;
  const pid = Number(match[2]);
  const writtenAt = Number(match[3]);
  if (pid === process.pid) return writtenAt < PROCESS_STARTED_AT;
  return !isRunning(pid);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return errorCode(err) === 'EPERM';
  }
}

/** Writes and fsyncs a new temporary file next to `file`; returns its path. */
async function writeTemporary(file: string, content: string): Promise<string> {
  const tmp = temporaryFile(file);
  const handle = await fs.open(tmp, 'wx');
  try {
    await handle.writeFile(content, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  return tmp;
}

/**
 * Writes a file so that after a crash it is either the old content or the new, never half:
 * a temporary file is written and fsync'ed, renamed over the target, and the folder fsync'ed
 * so the rename itself survives a power loss.
 */
export async function writeFileDurably(file: string, content: string): Promise<void> {
  const dir = path.dirname(file);
  await fs.mkdir(dir, { recursive: true });
  const tmp = await writeTemporary(file, content);
  try {
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
  await syncDir(dir);
}

/** Link errors of file systems without hard links (some network and FUSE mounts). */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'ENOSYS', 'EOPNOTSUPP', 'EXDEV']);

/**
 * Creates `file` only if it does not exist, atomically and durably: the content is written and
 * fsync'ed to a temporary file, which is then hard-linked to the target (link(2) fails with
 * EEXIST instead of replacing, so two writers cannot both create it). Readers see the whole
 * file or none. Where hard links are not supported it falls back to open(…, 'wx'), which is as
 * exclusive but, after a crash in the middle of the write, can leave a partial file.
 */
export async function createFileDurably(file: string, content: string): Promise<'created' | 'exists'> {
  const dir = path.dirname(file);
  await fs.mkdir(dir, { recursive: true });
  const tmp = await writeTemporary(file, content);
  let outcome: 'created' | 'exists';
  try {
    await fs.link(tmp, file);
    outcome = 'created';
  } catch (err) {
    const code = errorCode(err);
    if (code === 'EEXIST') outcome = 'exists';
    else if (code !== undefined && NO_HARD_LINKS.has(code)) outcome = await createExclusively(file, content);
    else {
      await fs.rm(tmp, { force: true });
      throw err;
    }
  }
  await fs.rm(tmp, { force: true });
  await syncDir(dir);
  return outcome;
}

async function createExclusively(file: string, content: string): Promise<'created' | 'exists'> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, 'wx');
  } catch (err) {
    if (errorCode(err) === 'EEXIST') return 'exists';
    throw err;
  }
  try {
    await handle.writeFile(content, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  return 'created';
}

/** Removes a file and makes the removal durable; a missing file is not an error. */
export async function removeFileDurably(file: string): Promise<void> {
  try {
    await fs.unlink(file);
  } catch (err) {
    if (errorCode(err) !== 'ENOENT') throw err;
  }
  try {
    await syncDir(path.dirname(file));
  } catch (err) {
    // The folder itself is gone: nothing is left to make durable.
    if (errorCode(err) !== 'ENOENT') throw err;
  }
}

/** fsyncs a folder, so the names created, renamed or removed in it survive a power loss. */
export async function syncDir(dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
