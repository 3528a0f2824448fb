import { promises as fs } from 'node:fs';
import path from 'node:path';
import { retentionCutoff, utcDay, type EventSink, type MaintenanceErrorHandler } from './eventSink';
import { errorMessage, errorCode } from '../errors';

/** Folder under dataDir holding the outcome log. */
export const EVENT_LOG_DIR = 'events';
/** The current JSON-lines file of outcomes; rotated files sit beside it. */
export const EVENT_LOG_FILE = 'outcomes.jsonl';
/**
 * How much of the end of the current file is read at open, to find its last line's day and
 * whether a crash left it torn. A longer last line only costs one extra rotation.
 */
export const TAIL_READ_BYTES = 64 * 1024;
/** Attempts at reading a consistent set of files while the server rotates under the reader. */
const READ_ATTEMPTS = 3;

/**
 * A rotated file: outcomes-<rotation time, UTC, with milliseconds>.jsonl. Rotation happens just
 * before a write, so every event inside is older than the name says: names sort by time, and a
 * reader with --since skips whole files by name. Milliseconds keep two rotations apart.
 */
const ROTATED_FILE = /^outcomes-(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z\.jsonl$/;
/** What a crash can leave behind: writeFileDurably's `.name.pid.time.tmp`, or any other `*.tmp`. */
const TEMPORARY_FILE = /\.tmp$/;

export function eventLogPath(dataDir: string): string {
  return path.join(dataDir, EVENT_LOG_DIR, EVENT_LOG_FILE);
}

/** outcomes-2026-11-30T13-05-00-123Z.jsonl for a rotation at that instant. */
export function rotatedFileName(ms: number): string {
  const iso = new Date(ms).toISOString(); // 2026-11-30T13:05:00.123Z
  return `outcomes-${iso.slice(0, 10)}T${iso.slice(11, 13)}-${iso.slice(14, 16)}-${iso.slice(17, 19)}-${iso.slice(20, 23)}Z.jsonl`;
}

/** The rotation time a rotated file's name carries, or undefined for any other name. */
export function rotatedFileTime(name: string): number | undefined {
  const m = ROTATED_FILE.exec(name);
  if (!m) return undefined;
  const ms = Date.parse(`${m[1]}T${m[2]}:${m[3]}:${m[4]}.${m[5]}Z`);
  return Number.isNaN(ms) ? undefined : ms;
}

/** The part of an open file the sink uses; tests wrap the real one to count writes and syncs, or to fail. */
export interface EventFile {
  /** Appends the bytes at the end; resolves with how many were written. */
  append(data: Uint8Array): Promise<number>;
  /** fdatasync: the data (and the size) reach the disk. */
  datasync(): Promise<void>;
  size(): Promise<number>;
  /** Up to `length` bytes from `position`. */
  readAt(length: number, position: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

/** Opens (creating if needed) a file for appending and reading. */
export interface EventFileSystem {
  open(file: string): Promise<EventFile>;
}

/** The real file system: O_APPEND, so every write lands at the end whatever the position. */
export const nodeEventFiles: EventFileSystem = {
  open: async (file) => {
    const handle = await fs.open(file, 'a+');
    return {
      append: async (data) => (await handle.write(data)).bytesWritten,
      datasync: () => handle.datasync(),
      size: async () => (await handle.stat()).size,
      readAt: async (length, position) => {
        const buffer = Buffer.alloc(length);
        const { bytesRead } = await handle.read(buffer, 0, length, position);
        return buffer.subarray(0, bytesRead);
      },
      close: () => handle.close(),
    };
  },
};

export interface FileEventSinkOptions {
  /** The data folder (config.dataDir); the log is dataDir/events/outcomes.jsonl. */
  dataDir: string;
  /** The current file is rotated before a batch would take it past this many bytes (config.eventLog.rotateBytes). */
  rotateBytes: number;
  /** Rotated files whose rotation time is older than this many days are deleted (config.eventLog.retentionDays). */
  retentionDays: number;
  /** Clock for the day rotation, the rotated names and retention (the log's clock, the one `at` uses). */
  now: () => number;
  /** The file system seam; default nodeEventFiles. */
  files?: EventFileSystem;
  /** Told when retention or stale-file cleanup fails; default: ignored (tried again at the next rotation or open). */
  onMaintenanceError?: MaintenanceErrorHandler;
}

/**
 * The local event log: batches are appended to dataDir/events/outcomes.jsonl with one write and
 * one fdatasync each. The file is rotated when a batch would take it past `rotateBytes` or the
 * UTC day has changed since its last batch; rotated files older than `retentionDays` are
 * deleted at open and at each rotation. Only one process writes a data folder (several
 * instances need STATE_STORE=blob, which uses the blob sink).
 */
export class FileEventSink implements EventSink {
  private readonly dir: string;
  private readonly currentPath: string;
  private readonly files: EventFileSystem;
  private file: EventFile | undefined;
  private size = 0;
  /** UTC day of the current file's last batch; undefined for an empty or unreadable file. */
  private day: string | undefined;
  /** The file may end inside a line (a crash, or a failed write): the next batch starts with "\n" so it cannot glue onto it. */
  private torn = false;

  private constructor(private readonly options: FileEventSinkOptions) {
    this.dir = path.join(options.dataDir, EVENT_LOG_DIR);
    this.currentPath = eventLogPath(options.dataDir);
    this.files = options.files ?? nodeEventFiles;
  }

  static async open(options: FileEventSinkOptions): Promise<FileEventSink> {
    const sink = new FileEventSink(options);
    try {
      await fs.mkdir(sink.dir, { recursive: true });
    } catch (err) {
      throw new Error(`eventLog: cannot open ${sink.currentPath}: ${errorMessage(err)}`);
    }
    await sink.removeStaleTemporaryFiles();
    await sink.deleteExpired(options.now());
    try {
      await sink.openCurrent();
    } catch (err) {
      throw new Error(`eventLog: cannot open ${sink.currentPath}: ${errorMessage(err)}`);
    }
    return sink;
  }

  async write(text: string): Promise<void> {
    const at = this.options.now();
    const bytes = Buffer.byteLength(text);
    if (this.size > 0 && ((this.day !== undefined && this.day !== utcDay(at)) || this.size + bytes > this.options.rotateBytes)) await this.rotate(at);
    const file = this.file ?? (await this.openCurrent());
    const data = Buffer.from(this.torn ? `\n${text}` : text, 'utf8');
    try {
      // One write: a regular file takes it whole; the loop only guards against a short write.
      for (let offset = 0; offset < data.length; ) {
        const written = await file.append(data.subarray(offset));
        if (written <= 0) throw new Error('short write');
        offset += written;
      }
      await file.datasync();
    } catch (err) {
      this.torn = true;
      this.size = await file.size().catch(() => this.size + data.length);
      throw err;
    }
    this.torn = false;
    this.size += data.length;
    this.day = utcDay(at);
  }

  async close(): Promise<void> {
    const file = this.file;
    this.file = undefined;
    await file?.close();
  }

  /** Opens outcomes.jsonl and learns its size, its day and whether it ends inside a line. */
  private async openCurrent(): Promise<EventFile> {
    const file = await this.files.open(this.currentPath);
    this.size = await file.size();
    this.day = undefined;
    this.torn = false;
    if (this.size === 0) {
      // A new file: its folder entry must survive a power loss like its data.
      await syncDir(this.dir);
    } else {
      const length = Math.min(this.size, TAIL_READ_BYTES);
      const tail = Buffer.from(await file.readAt(length, this.size - length)).toString('utf8');
      this.torn = !tail.endsWith('\n');
      this.day = lastLineDay(tail);
    }
    this.file = file;
    return file;
  }

  /** Renames the current file to its rotated name; the next write opens a new one. */
  private async rotate(at: number): Promise<void> {
    const target = await this.freeRotatedPath(at);
    await fs.rename(this.currentPath, target);
    const old = this.file;
    this.file = undefined;
    this.size = 0;
    this.day = undefined;
    this.torn = false;
    // Every batch in it was fdatasync'ed: a failing close loses nothing.
    await old?.close().catch(() => undefined);
    await syncDir(this.dir);
    await this.deleteExpired(at);
  }

  /** The rotated name for `at`, one millisecond later while taken (a fixed test clock, two rotations in one millisecond). */
  private async freeRotatedPath(at: number): Promise<string> {
    for (let ms = at; ; ms++) {
      const candidate = path.join(this.dir, rotatedFileName(ms));
      try {
        await fs.access(candidate);
      } catch {
        return candidate;
      }
    }
  }

  /** Retention: deletes rotated files whose newest event is older than retentionDays. */
  private async deleteExpired(nowMs: number): Promise<void> {
    const cutoff = retentionCutoff(nowMs, this.options.retentionDays);
    const report = (err: unknown) => this.options.onMaintenanceError?.(new Error(`eventLog: retention in ${this.dir} failed: ${errorMessage(err)}`));
    let names: string[];
    try {
      names = await fs.readdir(this.dir);
    } catch (err) {
      report(err);
      return;
    }
    // One file that cannot go does not keep the others.
    for (const name of names) {
      const time = rotatedFileTime(name);
      if (time !== undefined && time < cutoff) await fs.rm(path.join(this.dir, name), { force: true }).catch(report);
    }
  }

  /** Temporary files are never part of the log: whatever a crash left is removed at open. */
  private async removeStaleTemporaryFiles(): Promise<void> {
    const report = (err: unknown) => this.options.onMaintenanceError?.(new Error(`eventLog: cannot remove temporary files in ${this.dir}: ${errorMessage(err)}`));
    try {
      for (const name of await fs.readdir(this.dir)) {
        if (TEMPORARY_FILE.test(name)) await fs.rm(path.join(this.dir, name), { force: true }).catch(report);
      }
    } catch (err) {
      report(err);
    }
  }
}

/** The UTC day of the last complete line's `at`, or undefined when it cannot be read. */
function lastLineDay(tail: string): string | undefined {
  const lines = tail.split('\n');
  // The piece after the last "\n" is torn (or empty); the one before it is the last whole line.
  const last = lines.length >= 2 ? lines[lines.length - 2] : undefined;
  if (!last) return undefined;
  try {
    const parsed: unknown = JSON.parse(last);
    const at = typeof parsed === 'object' && parsed !== null && 'at' in parsed ? parsed.at : undefined;
    const ms = typeof at === 'string' ? Date.parse(at) : Number.NaN;
    return Number.isNaN(ms) ? undefined : utcDay(ms);
  } catch {
    return undefined;
  }
}

async function syncDir(dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * The texts of the log, oldest first: the rotated files (those that can hold events at or after
 * `sinceMs`) by name, then the current file. A rotation while reading is noticed and the read
 * done again, so the file renamed under the reader is not missed. A missing folder is an empty log.
 */
export async function readFileEventTexts(dataDir: string, sinceMs?: number): Promise<string[]> {
  const dir = path.join(dataDir, EVENT_LOG_DIR);
  for (let attempt = 1; ; attempt++) {
    const before = await listRotated(dir);
    const texts: string[] = [];
    for (const name of before) {
      const time = rotatedFileTime(name);
      if (sinceMs !== undefined && time !== undefined && time < sinceMs) continue;
      const text = await readIfPresent(path.join(dir, name));
      if (text !== undefined) texts.push(text);
    }
    const current = await readIfPresent(eventLogPath(dataDir));
    const after = await listRotated(dir);
    if (attempt < READ_ATTEMPTS && after.some((name) => !before.includes(name))) continue;
    if (current !== undefined) texts.push(current);
    return texts;
  }
}

async function listRotated(dir: string): Promise<string[]> {
  try {
    return (await fs.readdir(dir)).filter((name) => rotatedFileTime(name) !== undefined).sort();
  } catch (err) {
    if (errorCode(err) === 'ENOENT') return [];
    throw new Error(`eventLog: cannot read ${dir}: ${errorMessage(err)}`);
  }
}

/** The file's text; undefined when it does not exist (not written yet, or deleted by retention meanwhile). */
async function readIfPresent(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (err) {
    if (errorCode(err) === 'ENOENT') return undefined;
    throw new Error(`eventLog: cannot read ${file}: ${errorMessage(err)}`);
  }
}
