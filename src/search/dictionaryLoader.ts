import path from 'node:path';
import { Worker } from 'node:worker_threads';
import kuromoji, { type IpadicFeatures, type Tokenizer } from 'kuromoji';
import DictionaryLoader from 'kuromoji/src/loader/DictionaryLoader';
import KuromojiTokenizer from 'kuromoji/src/Tokenizer';

/**
 * kuromoji's dictionary, loaded once per process and path, faster than kuromoji.builder().build().
 *
 * Why: the dictionary is 17 MB of gzip that kuromoji inflates with zlib's streaming API, whose
 * chunk callbacks and copies keep the main thread busy for most of a second, and only after
 * whatever synchronous work (loading botbuilder, ~1.3 s) is in the way. Here a worker thread reads
 * and inflates the twelve files in one go and hands the bytes over without a copy, so the
 * inflating runs on the other core while the main thread loads modules; the main thread then only
 * builds kuromoji's structures from the bytes (kuromoji's own DictionaryLoader, the same result
 * as its builder). Measured alone: ~0.8 s instead of ~1.1 s; overlapped with loading the
 * server's modules, ready ~0.8 s sooner.
 *
 * `preloadDictionary` starts it early (scripts/start.mjs does, before loading the server);
 * JapaneseAnalyzer.create waits for the same promise. The tokenizer is shared: it is read-only
 * once built, and ~400 MB each.
 */

/** The files kuromoji's DictionaryLoader asks for (kuromoji 0.1.2, IPADIC). */
export const DICTIONARY_FILES = [
  'base.dat.gz',
  'check.dat.gz',
  'tid.dat.gz',
  'tid_pos.dat.gz',
  'tid_map.dat.gz',
  'cc.dat.gz',
  'unk.dat.gz',
  'unk_pos.dat.gz',
  'unk_map.dat.gz',
  'unk_char.dat.gz',
  'unk_compat.dat.gz',
  'unk_invoke.dat.gz',
] as const;

/** The IPADIC shipped in the kuromoji package. */
export function defaultDictionaryPath(): string {
  return path.join(path.dirname(require.resolve('kuromoji')), '..', 'dict');
}

/**
 * The worker, as source (a separate file would not run under the tests, which load TypeScript):
 * reads and inflates each file, replies with the bytes, transferred.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');
const buffers = {};
const transfer = [];
for (const file of workerData.files) {
  const bytes = zlib.gunzipSync(fs.readFileSync(path.join(workerData.dicPath, file)));
  // A large inflated buffer owns its ArrayBuffer; a small one may share a pool and is copied out.
  const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes.buffer : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  buffers[file] = own;
  transfer.push(own);
}
parentPort.postMessage(buffers, transfer);
`;

/** The twelve files' inflated bytes, read off the main thread. */
function inflateInWorker(dicPath: string): Promise<ReadonlyMap<string, ArrayBuffer>> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { dicPath, files: DICTIONARY_FILES } });
    worker.once('message', (message: Record<string, ArrayBuffer>) => {
      resolve(new Map(Object.entries(message)));
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the worker exited (${code}) before sending the files`)));
  });
}

/** kuromoji's own DictionaryLoader fed with the bytes: the structures kuromoji.builder().build() makes. */
function buildTokenizer(dicPath: string, files: ReadonlyMap<string, ArrayBuffer>): Promise<Tokenizer<IpadicFeatures>> {
  return new Promise((resolve, reject) => {
    const loader = new DictionaryLoader(dicPath);
    loader.loadArrayBuffer = (file, callback) => {
      const bytes = files.get(path.basename(file));
      if (bytes) callback(null, bytes);
      else callback(new Error(`no such dictionary file: ${path.basename(file)}`));
    };
    loader.load((err, dic) => (err ? reject(err) : resolve(new KuromojiTokenizer(dic))));
  });
}

/** kuromoji's own builder: the way back when a worker cannot be started. */
function buildWithKuromoji(dicPath: string): Promise<Tokenizer<IpadicFeatures>> {
  return new Promise((resolve, reject) => kuromoji.builder({ dicPath }).build((err, built) => (err ? reject(err) : resolve(built))));
}

const loading = new Map<string, Promise<Tokenizer<IpadicFeatures>>>();

/**
 * The tokenizer of the dictionary at `dicPath` (default: kuromoji's IPADIC), loaded once: every
 * caller gets the same promise. Rejects with "dictionaryLoader: cannot load …" when the files
 * cannot be read; a failed load is not kept, so a later call tries again.
 */
export function loadDictionary(dicPath: string = defaultDictionaryPath()): Promise<Tokenizer<IpadicFeatures>> {
  const key = path.resolve(dicPath);
  const known = loading.get(key);
  if (known) return known;
  const built = inflateInWorker(key)
    .then(
      (files) => buildTokenizer(key, files),
      // No worker (a restricted runtime): kuromoji's own way, on this thread.
      () => buildWithKuromoji(key),
    )
    .catch((err: unknown) => {
      loading.delete(key);
      const cause = err instanceof Error ? err : new Error(String(err));
      throw new Error(`dictionaryLoader: cannot load the kuromoji dictionary from ${key}: ${cause.message}`, { cause });
    });
  loading.set(key, built);
  return built;
}

/** Starts loading the dictionary now (see the header), for a JapaneseAnalyzer created later. */
export function preloadDictionary(dicPath?: string): void {
  // Whoever creates the analyzer reports a failure; an unobserved rejection must not end the process.
  loadDictionary(dicPath).catch(() => undefined);
}
