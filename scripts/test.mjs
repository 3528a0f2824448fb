#!/usr/bin/env node
/**
 * `npm test`: the type check and the test run at the same time, failing when either fails.
 *
 *   node scripts/test.mjs [VITEST ARGS…]
 *
 * The type check (`tsc -p tsconfig.test.json`: src, dialogs, bench and test) also emits the code
 * to .build/test, which the few tests that need a real second process run (`node
 * .build/test/src/index.js`: two instances, SIGTERM, kill -9; the `npx madoguchi` bin). Run one
 * after the other, the check was 20–40 s on this 2-core machine before the first test started,
 * while most of the suite does not need it. So both start together: vitest gets
 * MADOGUCHI_TEST_BUILD_MARKER, a file this script writes when tsc has finished, and those tests
 * wait for it (test/support/botProcess.ts) instead of failing on a missing or stale build.
 *
 * tsc's own output (type errors) is printed after vitest's summary, under a header, so it is
 * not lost in the test output. The exit code is tsc's if vitest passed, else vitest's.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root (this file is in scripts/). */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Where tsconfig.test.json emits. */
const BUILD_DIR = path.join(ROOT, '.build', 'test');
/** Written when tsc has exited (its exit code inside): the build in BUILD_DIR is complete. */
export const BUILD_MARKER = path.join(BUILD_DIR, '.type-check-done');

const require = createRequire(import.meta.url);

/** Runs `node BIN ARGS…` in ROOT; resolves with its exit code and, when `capture`, its output. */
function run(bin, args, { capture = false, env = process.env } = {}) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: ROOT, env, stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    const output = [];
    child.stdout?.on('data', (chunk) => output.push(chunk));
    child.stderr?.on('data', (chunk) => output.push(chunk));
    // Ctrl-C reaches both children through the terminal's process group; nothing to forward.
    child.on('error', (err) => resolve({ code: 1, output: `test: cannot start ${bin}: ${err.message}\n` }));
    child.on('exit', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output: Buffer.concat(output).toString('utf8') }));
  });
}

async function main() {
  fs.rmSync(BUILD_MARKER, { force: true });
  const startedAt = performance.now();
  const typeCheck = run(require.resolve('typescript/bin/tsc'), ['-p', 'tsconfig.test.json'], { capture: true }).then((result) => {
    fs.mkdirSync(BUILD_DIR, { recursive: true });
    fs.writeFileSync(BUILD_MARKER, `${result.code}\n`);
    return { ...result, seconds: (performance.now() - startedAt) / 1000 };
  });
  // vitest's package exports do not include its bin; its package.json says where it is.
  const vitestBin = path.join(path.dirname(require.resolve('vitest/package.json')), require('vitest/package.json').bin.vitest);
  const vitest = run(vitestBin, ['run', ...process.argv.slice(2)], {
    env: { ...process.env, MADOGUCHI_TEST_BUILD_MARKER: BUILD_MARKER },
  });
  const [checked, tested] = await Promise.all([typeCheck, vitest]);
  const verdict = checked.code === 0 ? 'passed' : `FAILED (tsc exit code ${checked.code})`;
  process.stdout.write(`\n Type check (tsc -p tsconfig.test.json, beside the tests): ${verdict} in ${checked.seconds.toFixed(1)} s\n`);
  if (checked.output.trim()) process.stdout.write(`${checked.output.trimEnd()}\n`);
  process.exitCode = tested.code !== 0 ? tested.code : checked.code;
}

main().catch((err) => {
  process.stderr.write(`test: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
