import { createHash } from 'node:crypto';
import { promises as fs, type Dirent } from 'node:fs';
import path from 'node:path';
import { checkDocumentName, type CreateOutcome, type DocumentStore, type ReplaceOutcome, type VersionedDocument } from './documentStore';
import { createFileDurably, isStaleTemporaryFile, isTemporaryName, removeFileDurably, writeFileDurably } from './durableFile';
import { errorMessage, errorCode } from '../errors';

const MODULE = 'fileDocumentStore';

export interface FileDocumentStoreOptions {
  /** Clock for judging stale temporary files (epoch ms); default Date.now. */
  now?: () => number;
  /** Told the name of each stale temporary file removed when the store opens; default: nobody. */
  onStaleRemoved?: (name: string) => void;
}

/**
 * One durable file per document in a folder: writes go to an fsync'ed temporary file renamed
 * (put) or hard-linked (create, which never replaces) into place, then the folder is fsync'ed.
 *
 * Before its first operation the store removes the temporary files a crash left behind
 * (`.…tmp`, see isStaleTemporaryFile), so they do not pile up; temporary files of a write in
 * progress in another live process on this machine (the CLI next to the server) are left alone.
 * The folder is created by the first write, not by reads.
 */
export class FileDocumentStore implements DocumentStore {
  readonly location: string;
  private readonly now: () => number;
  private opened: Promise<void> | undefined;
  /** Replaces of one document in this process run one after another, so compare and swap holds here. */
  private readonly replacing = new Map<string, Promise<unknown>>();

  constructor(
    readonly dir: string,
    private readonly options: FileDocumentStoreOptions = {},
  ) {
    this.location = dir;
    this.now = options.now ?? Date.now;
  }

  /** Removes stale temporary files; runs once, before the first operation (calling it is optional). */
  open(): Promise<void> {
    this.opened ??= this.removeStaleTemporaryFiles().catch((err: unknown) => {
      this.opened = undefined;
      throw new Error(`${MODULE}: cannot open ${this.dir}: ${errorMessage(err)}`);
    });
    return this.opened;
  }

  async create(name: string, text: string): Promise<CreateOutcome> {
    const file = await this.file(name);
    return this.failing('write', name, () => createFileDurably(file, text));
  }

  async put(name: string, text: string): Promise<void> {
    const file = await this.file(name);
    await this.failing('write', name, () => writeFileDurably(file, text));
  }

  async get(name: string): Promise<string | undefined> {
    return (await this.read(name))?.text;
  }

  async read(name: string): Promise<VersionedDocument | undefined> {
    const file = await this.file(name);
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (err) {
      if (errorCode(err) === 'ENOENT') return undefined;
      throw new Error(`${MODULE}: cannot read ${name} in ${this.dir}: ${errorMessage(err)}`);
    }
    return { text, version: contentVersion(text) };
  }

  /**
   * Compare and swap on the content hash. Exclusive within this process; across processes the
   * file store relies on there being one server (STATE_STORE=memory allows one instance) and on
   * the CLI only creating and removing documents, never replacing them.
   */
  async replace(name: string, text: string, version: string): Promise<ReplaceOutcome> {
    const previous = this.replacing.get(name) ?? Promise.resolve();
    const result = previous.then(async (): Promise<ReplaceOutcome> => {
      const current = await this.read(name);
      if (current?.version !== version) return { kind: 'changed' };
      await this.put(name, text);
      return { kind: 'replaced', version: contentVersion(text) };
    });
    const settled = result.catch(() => undefined);
    this.replacing.set(name, settled);
    void settled.then(() => {
      if (this.replacing.get(name) === settled) this.replacing.delete(name);
    });
    return result;
  }

  async list(): Promise<string[]> {
    await this.open();
    let entries: Dirent[];
    try {
      entries = await fs.readdir(this.dir, { withFileTypes: true });
    } catch (err) {
      if (errorCode(err) === 'ENOENT') return [];
      throw new Error(`${MODULE}: cannot list ${this.dir}: ${errorMessage(err)}`);
    }
    return entries.filter((e) => e.isFile() && !e.name.startsWith('.')).map((e) => e.name);
  }

  async remove(name: string): Promise<void> {
    const file = await this.file(name);
    await this.failing('remove', name, () => removeFileDurably(file));
  }

  private async file(name: string): Promise<string> {
    checkDocumentName(MODULE, name);
    await this.open();
    return path.join(this.dir, name);
  }

  private async failing<T>(action: 'write' | 'remove', name: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      throw new Error(`${MODULE}: cannot ${action} ${name} in ${this.dir}: ${errorMessage(err)}`);
    }
  }

  private async removeStaleTemporaryFiles(): Promise<void> {
    let names: string[];
    try {
      names = await fs.readdir(this.dir);
    } catch (err) {
      // Nothing written yet (ENOENT), or not a folder (ENOTDIR: the first write says so).
      const code = errorCode(err);
      if (code === 'ENOENT' || code === 'ENOTDIR') return;
      throw err;
    }
    const now = this.now();
    for (const name of names.filter(isTemporaryName)) {
      const file = path.join(this.dir, name);
      try {
        const stat = await fs.stat(file);
        if (!stat.isFile() || !isStaleTemporaryFile(name, stat.mtimeMs, now)) continue;
        await fs.rm(file, { force: true });
        this.options.onStaleRemoved?.(name);
      } catch (err) {
        // Renamed into place or removed by its writer meanwhile: nothing to clean.
        if (errorCode(err) !== 'ENOENT') throw err;
      }
    }
  }
}

/** The version of a file document: a hash of its content (mtimes are too coarse on some file systems). */
function contentVersion(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}
