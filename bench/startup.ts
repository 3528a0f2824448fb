/**
 * npm run bench:startup: time from `npm start` to the first 200 on GET /readyz (the analyzer, the
 * index and the bot loaded), the median of several runs, next to a baseline measured in the same
 * run: a bare `node -e` that only builds kuromoji's dictionary, which madoguchi cannot start
 * without. Also `node scripts/start.mjs` (without npm's own start-up), `node dist/src/index.js`
 * (without the dictionary preloaded before the modules), and what SIGTERM does to each.
 * Prints numbers; asserts nothing.
 *
 * Options: --runs=N (default DEFAULT_RUNS).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { percentile } from './loadScenario';

/** Runs of each command; the median is reported. */
export const DEFAULT_RUNS = 5;
/** How often /readyz is asked while the server starts. */
const POLL_MS = 10;
/** A start that takes longer than this is reported as failed. */
const GIVE_UP_MS = 60_000;

const ROOT = path.join(__dirname, '..', '..');

/** The baseline: load kuromoji and build its dictionary, nothing else; prints when done. */
const BASELINE_SCRIPT = [
  "const kuromoji = require('kuromoji');",
  "const path = require('node:path');",
  "const dicPath = path.join(path.dirname(require.resolve('kuromoji')), '..', 'dict');",
  "kuromoji.builder({ dicPath }).build((err) => { if (err) throw err; process.stdout.write('built\\n'); process.exit(0); });",
].join(' ');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

/** ms from spawn until the baseline prints that the dictionary is built. */
async function baselineOnce(): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, ['-e', BASELINE_SCRIPT], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const built = await new Promise<number>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('built')) resolve(performance.now() - started);
    });
    child.once('exit', (code) => reject(new Error(`bench-startup: the baseline exited (${code ?? 'signal'}) before building the dictionary`)));
  });
  await exited(child);
  return built;
}

interface ServerStart {
  /** ms from spawn to the first 200 on /readyz. */
  readonly readyMs: number;
  /** ms from SIGTERM to exit, and the exit code (0: a clean shutdown). */
  readonly stopMs: number;
  readonly exitCode: number | null;
}

/** Starts `command`, polls /readyz until 200, then sends SIGTERM and waits for the exit. */
async function serverOnce(command: string, args: readonly string[], dataDir: string): Promise<ServerStart> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  let gone = false;
  child.once('exit', () => (gone = true));
  let readyMs = Number.NaN;
  while (!gone && performance.now() - started < GIVE_UP_MS) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/readyz`);
      await response.arrayBuffer();
      if (response.status === 200) {
        readyMs = performance.now() - started;
        break;
      }
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  const stopping = performance.now();
  child.kill('SIGTERM');
  const exitCode = await exited(child);
  return { readyMs, stopMs: performance.now() - stopping, exitCode };
}

const median = (values: readonly number[]) => percentile([...values].sort((a, b) => a - b), 50);
const ms = (x: number) => (Number.isFinite(x) ? `${x.toFixed(0)} ms` : 'failed');

async function main(): Promise<void> {
  const runs = Number(process.argv.find((a) => a.startsWith('--runs='))?.slice('--runs='.length) ?? DEFAULT_RUNS);
  if (!Number.isInteger(runs) || runs < 1) throw new Error('bench-startup: --runs must be a whole number from 1');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'madoguchi-bench-startup-'));
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const baseline: number[] = [];
  const viaNpm: ServerStart[] = [];
  const viaScript: ServerStart[] = [];
  const bare: ServerStart[] = [];
  // An older checkout (the figures before this script existed) has no scripts/start.mjs.
  const hasScript = fs.existsSync(path.join(ROOT, 'scripts', 'start.mjs'));
  try {
    // Interleaved, so a noisy moment hurts all alike.
    for (let i = 0; i < runs; i++) {
      baseline.push(await baselineOnce());
      viaNpm.push(await serverOnce(npm, ['start', '--silent'], path.join(work, `npm-${i}`)));
      if (hasScript) viaScript.push(await serverOnce(process.execPath, ['scripts/start.mjs'], path.join(work, `script-${i}`)));
      bare.push(await serverOnce(process.execPath, ['dist/src/index.js'], path.join(work, `bare-${i}`)));
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  const row = (name: string, values: readonly number[], extra = '') =>
    console.log(`${name.padEnd(46)}${ms(median(values)).padStart(9)}   runs: ${values.map((v) => ms(v)).join(', ')}${extra}`);
  const exits = (starts: readonly ServerStart[]) => `; SIGTERM → exit ${[...new Set(starts.map((s) => String(s.exitCode)))].join('/')} in ${ms(median(starts.map((s) => s.stopMs)))}`;
  console.log(`madoguchi bench:startup — node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg()[0]?.toFixed(2)}; median of ${runs}`);
  console.log('');
  row('baseline: node -e, kuromoji dictionary only', baseline);
  row('npm start → 200 on /readyz', viaNpm.map((s) => s.readyMs), exits(viaNpm));
  if (hasScript) row('node scripts/start.mjs → 200 on /readyz', viaScript.map((s) => s.readyMs), exits(viaScript));
  row('node dist/src/index.js → 200 on /readyz', bare.map((s) => s.readyMs), exits(bare));
  console.log(`npm start / baseline:                          ${(median(viaNpm.map((s) => s.readyMs)) / median(baseline)).toFixed(2)}×`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
