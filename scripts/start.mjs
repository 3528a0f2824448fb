#!/usr/bin/env node
/**
 * `npm start` (and the other scripts that run built code): runs a built entry in this very
 * process, compiling first only when dist/ is older than its sources.
 *
 *   node scripts/start.mjs [--build-only] [ENTRY [ARGS…]]   (ENTRY default: dist/src/index.js)
 *
 * Fresh means: dist/.build-stamp (written by this script after a successful `tsc -p tsconfig.json`)
 * is newer than every file under src/, dialogs/ and bench/ and than tsconfig.json, package.json
 * and package-lock.json. knowledge/ is read at run time and needs no build. Checking costs a few
 * milliseconds of stat calls; compiling costs ~20 s, so `npm start` no longer compiles every time.
 * `npm run build` and `npm install` (prepare) compile unconditionally, through this script.
 *
 * The entry is imported, not spawned: there is no second process, so SIGTERM and SIGINT reach
 * the server's own handlers (graceful shutdown) and its exit code is the process's. npm runs a
 * script through `sh -c`, which (dash) does not pass SIGTERM on to its child: package.json says
 * `exec node scripts/start.mjs`, so this process replaces the shell and npm's forwarded SIGTERM
 * reaches it (npm then waits for the drain and exits with the server's code).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The project root (this file is in scripts/). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Written after a successful build; its mtime is the build's. */
export const BUILD_STAMP = path.join(ROOT, 'dist', '.build-stamp');
/** Folders of TypeScript sources (tsconfig.json's "include"). */
export const SOURCE_DIRS = ['src', 'dialogs', 'bench'];
/** Files whose change can change the output. */
export const BUILD_INPUT_FILES = ['tsconfig.json', 'package.json', 'package-lock.json'];
/** The server. */
export const DEFAULT_ENTRY = 'dist/src/index.js';
/**
 * Entries that build the analyzer at start: for them the dictionary starts loading (in a worker)
 * before the entry's own modules, which take the main thread for ~1.3 s (src/search/dictionaryLoader.ts).
 */
export const DICTIONARY_ENTRIES = ['dist/src/index.js', 'dist/src/channels/terminal/main.js'];

/** Newest mtime (ms) of the files under `dir`, or 0 when it does not exist. */
function newestUnder(dir) {
  let newest = 0;
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestUnder(full));
    // The directory's own mtime changes when a file is deleted or renamed in it.
    else newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return Math.max(newest, fs.statSync(dir).mtimeMs);
}

/** Newest mtime of the build's inputs under `root`. */
export function newestInput(root = ROOT) {
  let newest = 0;
  for (const dir of SOURCE_DIRS) newest = Math.max(newest, newestUnder(path.join(root, dir)));
  for (const file of BUILD_INPUT_FILES) {
    try {
      newest = Math.max(newest, fs.statSync(path.join(root, file)).mtimeMs);
    } catch {
      // A missing lock file changes nothing here.
    }
  }
  return newest;
}

/** True when dist/ was built after the last change to its inputs. */
export function isFresh(root = ROOT) {
  let built;
  try {
    built = fs.statSync(path.join(root, 'dist', '.build-stamp')).mtimeMs;
  } catch {
    return false;
  }
  return built >= newestInput(root);
}

/** Compiles with the project's TypeScript; writes the stamp on success. Returns tsc's exit code. */
export function build(root = ROOT) {
  // The stamp's time is the start of the build: a source saved while tsc runs makes the next start build again.
  const startedAt = new Date();
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.json')], { cwd: root, stdio: 'inherit' });
  const code = result.status ?? 1;
  if (code === 0) {
    fs.mkdirSync(path.join(root, 'dist'), { recursive: true });
    fs.writeFileSync(path.join(root, 'dist', '.build-stamp'), `${startedAt.toISOString()}\n`);
    fs.utimesSync(path.join(root, 'dist', '.build-stamp'), startedAt, startedAt);
  }
  return code;
}

async function main() {
  const args = process.argv.slice(2);
  if (args[0] === '--build-only') {
    process.exitCode = build();
    return;
  }
  if (!isFresh()) {
    process.stderr.write('start: dist/ is older than the sources; compiling (tsc -p tsconfig.json)…\n');
    const code = build();
    if (code !== 0) {
      process.stderr.write(`start: the build failed (tsc exit code ${code}); not starting\n`);
      process.exitCode = code;
      return;
    }
  }
  const [entry = DEFAULT_ENTRY, ...rest] = args;
  const file = path.resolve(ROOT, entry);
  if (DICTIONARY_ENTRIES.some((e) => path.resolve(ROOT, e) === file)) {
    createRequire(import.meta.url)(path.join(ROOT, 'dist', 'src', 'search', 'dictionaryLoader.js')).preloadDictionary();
  }
  // The entry sees the arguments meant for it, as if started with `node ENTRY ARGS…`.
  process.argv = [process.argv[0] ?? process.execPath, file, ...rest];
  await import(pathToFileURL(file).href);
}

// Run only as a script; the startup benchmark and tests import the functions above.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    process.stderr.write(`start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
