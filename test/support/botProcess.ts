import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './azurite';

/** The project root (test/support/../..). */
export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
/** The server entry emitted by `npm test`'s type check (tsconfig.test.json → .build/test). */
export const BUILT_ENTRY = path.join(PROJECT_ROOT, '.build', 'test', 'src', 'index.js');

/** How long a spawned bot may take to answer /readyz (the kuromoji dictionary loads in ~2 s; CI is slower). */
const READY_TIMEOUT_MS = 60_000;
/** How long to wait for `npm test`'s type check to finish emitting .build/test (it runs beside the tests: 20–40 s, more on a busy machine). */
const BUILD_WAIT_TIMEOUT_MS = 5 * 60_000;

export interface BotProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** Every line the process wrote to stdout and stderr (JSON log lines). */
  readonly output: string[];
  /** Settles with the exit code and signal when the process ends. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends a signal (SIGTERM by default) and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Newest modification time of the .ts files under `dir`. */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * Settles once .build/test holds the code under test. Under `npm test` (scripts/test.mjs) the
 * type check that emits it runs beside the tests and writes MADOGUCHI_TEST_BUILD_MARKER when it
 * has finished: wait for that. Then (and under a plain `vitest run`) fail loudly when the build
 * is missing or older than the sources: these tests must run the code under test.
 */
export async function builtServer(): Promise<void> {
  const marker = process.env.MADOGUCHI_TEST_BUILD_MARKER;
  if (marker) {
    const deadline = Date.now() + BUILD_WAIT_TIMEOUT_MS;
    while (!existsSync(marker)) {
      if (Date.now() > deadline) throw new Error(`botProcess: the type check did not finish emitting .build/test within ${BUILD_WAIT_TIMEOUT_MS} ms (no ${marker})`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  assertBuiltServerIsCurrent();
}

/** The synchronous check behind {@link builtServer}: the emitted server exists and is newer than the sources. */
export function assertBuiltServerIsCurrent(): void {
  if (!existsSync(BUILT_ENTRY)) throw new Error(`botProcess: ${BUILT_ENTRY} is missing: run \`npm run typecheck\` (npm test does it first)`);
  const built = statSync(BUILT_ENTRY).mtimeMs;
  const source = Math.max(newestSource(path.join(PROJECT_ROOT, 'src')), newestSource(path.join(PROJECT_ROOT, 'dialogs')));
  if (source > built) throw new Error('botProcess: .build/test is older than src/ or dialogs/: run `npm run typecheck` (npm test does it first)');
}

/**
 * Starts the real server (`node .build/test/src/index.js`) in its own process on a free
 * loopback port and waits until /readyz answers 200. The working directory is a temporary
 * folder, so a developer's .env is never read; DATA_DIR defaults to a fresh temporary folder.
 */
export async function spawnBot(env: Record<string, string> = {}): Promise<BotProcess> {
  await builtServer();
  const port = await freePort();
  const cwd = mkdtempSync(path.join(os.tmpdir(), 'madoguchi-proc-'));
  const child = spawn(process.execPath, [BUILT_ENTRY], {
    cwd,
    env: {
      PATH: process.env.PATH ?? '',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: path.join(cwd, 'data'),
      HANDOFF_HOURS: 'always',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const collect = (chunk: Buffer) => output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const url = `http://127.0.0.1:${env.PORT ?? port}`;
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let done = false;
  void exited.then(() => (done = true));
  for (;;) {
    if (done) throw new Error(`botProcess: the server exited before it was ready:\n${output.slice(-20).join('\n')}`);
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.status === 200) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`botProcess: not ready within ${READY_TIMEOUT_MS} ms:\n${output.slice(-20).join('\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url,
    child,
    output,
    exited,
    stop: async (signal: NodeJS.Signals = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
