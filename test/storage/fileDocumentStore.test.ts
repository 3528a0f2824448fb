import { spawnSync } from 'node:child_process';
import fsSync, { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { STALE_TEMPORARY_FILE_MS, createFileDurably, isStaleTemporaryFile } from '../../src/storage/durableFile';
import { FileDocumentStore } from '../../src/storage/fileDocumentStore';

let root: string;
let dir: string;
beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'madoguchi-docs-'));
  dir = path.join(root, 'docs');
});
afterEach(async () => {
  vi.restoreAllMocks();
  await fs.rm(root, { recursive: true, force: true });
});

/** A pid no process has: that of a child that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  if (child.pid === undefined) throw new Error('no child pid');
  return child.pid;
}

describe('FileDocumentStore.create', () => {
  it('creates a document once; a second create says exists and leaves the first text', async () => {
    const store = new FileDocumentStore(dir);
    expect(await store.create('a.json', 'first')).toBe('created');
    expect(await store.create('a.json', 'second')).toBe('exists');
    expect(await store.get('a.json')).toBe('first');
  });

  it('lets exactly one of many concurrent creates of one name, from two store objects, win', async () => {
    const one = new FileDocumentStore(dir);
    const two = new FileDocumentStore(dir);
    const outcomes = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? one : two).create('race.json', `writer ${i}`)));
    expect(outcomes.filter((o) => o === 'created')).toHaveLength(1);
    const winner = outcomes.indexOf('created');
    expect(await one.get('race.json')).toBe(`writer ${winner}`);
    // No temporary file is left behind by the losers.
    expect(await fs.readdir(dir)).toEqual(['race.json']);
  });

  it('falls back to an exclusive open where hard links are not supported', async () => {
    vi.spyOn(fsSync.promises, 'link').mockRejectedValue(Object.assign(new Error('operation not permitted'), { code: 'EPERM' }));
    const file = path.join(dir, 'b.json');
    expect(await createFileDurably(file, 'one')).toBe('created');
    expect(await createFileDurably(file, 'two')).toBe('exists');
    expect(await fs.readFile(file, 'utf8')).toBe('one');
    expect(await fs.readdir(dir)).toEqual(['b.json']);
  });
});

describe('FileDocumentStore durability', () => {
  it('writes through an fsync-ed temporary file and fsyncs the folder (put and create)', async () => {
    const store = new FileDocumentStore(dir);
    await store.put('warm.json', 'x');
    const open = vi.spyOn(fsSync.promises, 'open');
    await store.put('p.json', 'put');
    await store.create('c.json', 'create');
    const calls = open.mock.calls.map(([file, flags]) => [path.relative(dir, String(file)), flags]);
    expect(calls).toEqual([
      [expect.stringMatching(/^\.p\.json\.\d+\.\d+\.[0-9a-f]+\.tmp$/), 'wx'],
      ['', 'r'],
      [expect.stringMatching(/^\.c\.json\.\d+\.\d+\.[0-9a-f]+\.tmp$/), 'wx'],
      ['', 'r'],
    ]);
    expect((await fs.readdir(dir)).sort()).toEqual(['c.json', 'p.json', 'warm.json']);
  });
});

describe('FileDocumentStore.put, get, read, replace, remove', () => {
  it('replaces only at the version read (compare and swap)', async () => {
    const store = new FileDocumentStore(dir);
    await store.put('e.json', 'v1');
    const read = await store.read('e.json');
    if (!read) throw new Error('not stored');
    const replaced = await store.replace('e.json', 'v2', read.version);
    expect(replaced.kind).toBe('replaced');
    expect(replaced.kind === 'replaced' && replaced.version).toBe((await store.read('e.json'))?.version);
    // The old version is stale now.
    expect(await store.replace('e.json', 'v3', read.version)).toEqual({ kind: 'changed' });
    expect(await store.get('e.json')).toBe('v2');
    await store.remove('e.json');
    expect(await store.replace('e.json', 'v4', read.version)).toEqual({ kind: 'changed' });
    expect(await store.get('e.json')).toBeUndefined();
  });

  it('lets one of two concurrent replaces at one version win', async () => {
    const store = new FileDocumentStore(dir);
    await store.put('e.json', 'v1');
    const read = await store.read('e.json');
    if (!read) throw new Error('not stored');
    const outcomes = await Promise.all([store.replace('e.json', 'a', read.version), store.replace('e.json', 'b', read.version)]);
    expect(outcomes.map((o) => o.kind).sort()).toEqual(['changed', 'replaced']);
  });

  it('answers undefined and [] before anything was written, without creating the folder; removing a missing document is fine', async () => {
    const store = new FileDocumentStore(dir);
    expect(await store.get('none.json')).toBeUndefined();
    expect(await store.list()).toEqual([]);
    await store.remove('none.json');
    expect(fsSync.existsSync(dir)).toBe(false);
  });

  it('lists documents only: not hidden or temporary files, not folders', async () => {
    const store = new FileDocumentStore(dir);
    await store.put('one.json', '1');
    await store.put('two.json', '2');
    await fs.mkdir(path.join(dir, 'sub'));
    await fs.writeFile(path.join(dir, '.hidden'), 'h');
    expect((await store.list()).sort()).toEqual(['one.json', 'two.json']);
  });

  it.each(['../escape.json', 'a/b.json', '.hidden.json', 'x.json.tmp', ''])('refuses the name %j', async (name) => {
    await expect(new FileDocumentStore(dir).put(name, 'x')).rejects.toThrow('fileDocumentStore: invalid document name');
  });

  it('says what it could not read or list, and where', async () => {
    const store = new FileDocumentStore(dir);
    await fs.mkdir(path.join(dir, 'folder.json'), { recursive: true });
    await expect(store.get('folder.json')).rejects.toThrow(`fileDocumentStore: cannot read folder.json in ${dir}: `);
    await fs.writeFile(path.join(root, 'file'), 'not a folder');
    await expect(new FileDocumentStore(path.join(root, 'file')).list()).rejects.toThrow(`fileDocumentStore: cannot list ${path.join(root, 'file')}: `);
  });

  it('says which document it could not write, and where', async () => {
    await fs.writeFile(path.join(root, 'file'), 'not a folder');
    const store = new FileDocumentStore(path.join(root, 'file', 'docs'));
    await expect(store.put('a.json', 'x')).rejects.toThrow(`fileDocumentStore: cannot write a.json in ${path.join(root, 'file', 'docs')}: `);
  });
});

describe('stale temporary files', () => {
  it('removes the temporary files a crash left when the store opens, and keeps those of live writers', async () => {
    await fs.mkdir(dir, { recursive: true });
    const now = Date.now();
    const crashed = `.MDG-20261125-ABCD.json.${deadPid()}.${now}.0a1b2c3d.tmp`;
    const earlierSelf = `.MDG-20261125-ABCE.json.${process.pid}.${now - 3_600_000}.0a1b2c3d.tmp`;
    const nameless = '.MDG-20261125-ABCF.json.tmp';
    const liveOther = `.MDG-20261125-ABCG.json.${process.ppid}.${now}.0a1b2c3d.tmp`;
    const liveSelf = `.MDG-20261125-ABCH.json.${process.pid}.${now}.0a1b2c3d.tmp`;
    const abandoned = `.MDG-20261125-ABCJ.json.${process.ppid}.${now}.0a1b2c3d.tmp`;
    for (const name of [crashed, earlierSelf, nameless, liveOther, liveSelf, abandoned]) await fs.writeFile(path.join(dir, name), '{"half":');
    const old = new Date(now - STALE_TEMPORARY_FILE_MS - 60_000);
    await fs.utimes(path.join(dir, abandoned), old, old);
    await fs.writeFile(path.join(dir, 'MDG-20261125-ABCK.json'), '{}');

    const removed: string[] = [];
    const store = new FileDocumentStore(dir, { onStaleRemoved: (name) => removed.push(name) });
    expect(await store.list()).toEqual(['MDG-20261125-ABCK.json']);
    expect(removed.sort()).toEqual([crashed, earlierSelf, nameless, abandoned].sort());
    expect((await fs.readdir(dir)).sort()).toEqual(['MDG-20261125-ABCK.json', liveOther, liveSelf].sort());
  });

  it('cleans once, before the first operation of any kind', async () => {
    await fs.mkdir(dir, { recursive: true });
    const orphan = `.a.json.${deadPid()}.${Date.now()}.0a1b2c3d.tmp`;
    await fs.writeFile(path.join(dir, orphan), 'x');
    await new FileDocumentStore(dir).get('a.json');
    expect(await fs.readdir(dir)).toEqual([]);
  });

  it('judges from the name and the age', () => {
    const now = Date.now();
    expect(isStaleTemporaryFile('a.json', 0, now)).toBe(false);
    expect(isStaleTemporaryFile(`.a.json.${process.pid}.${now}.ab.tmp`, now, now)).toBe(false);
    expect(isStaleTemporaryFile(`.a.json.${process.pid}.${now}.ab.tmp`, now - STALE_TEMPORARY_FILE_MS - 1, now)).toBe(true);
    expect(isStaleTemporaryFile('.a.json.tmp', now, now)).toBe(true);
  });
});
