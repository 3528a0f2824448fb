import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * RSS stays flat with BoundedMemoryStorage: a child process writes 100,000 conversation states
 * (10-16 KB each) into a store bounded at 2,000 and reports its RSS after full collections.
 * A memory bound, not a timing: what is asserted is growth between 10,000 and 100,000
 * conversations, when the bound has long been reached.
 */

const ROOT = path.join(__dirname, '..', '..');
/** The child and what it imports, transpiled to a temporary folder (the tree is never written). */
const SOURCES = ['src/state/boundedMemoryStorage.ts', 'src/state/stateConflict.ts', 'test/state/support/memoryBoundChild.ts'];
const CONVERSATIONS = 100_000;
const BOUND = 2_000;
const CHECKPOINT = 10_000;
/** Allowed RSS growth from 10,000 to 100,000 conversations: an unbounded store would grow by about 90,000 × 25 KB ≈ 2 GB. */
const MAX_GROWTH_BYTES = 30 * 1024 * 1024;

interface Report {
  bound: number;
  conversations: number;
  /** Smallest and largest state of the first 1,000 conversations, bytes of UTF-8 JSON. */
  minStateBytes: number;
  maxStateBytes: number;
  startRss: number;
  checkpointRss: number;
  endRss: number;
  size: number;
}

const outDir = mkdtempSync(path.join(os.tmpdir(), 'madoguchi-memory-bound-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

function transpile(): string {
  for (const source of SOURCES) {
    const { outputText } = ts.transpileModule(readFileSync(path.join(ROOT, source), 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
      fileName: source,
    });
    const target = path.join(outDir, source.replace(/\.ts$/, '.js'));
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, outputText);
  }
  return path.join(outDir, 'test/state/support/memoryBoundChild.js');
}

function runChild(script: string): Promise<Report> {
  return new Promise((resolve, reject) => {
    // The child resolves botbuilder (types only, erased) and nothing else from the tree.
    const child = spawn(process.execPath, ['--expose-gc', script, String(CONVERSATIONS), String(BOUND), String(CHECKPOINT)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as Report) : reject(new Error(`memoryBound: child exited with ${code}: ${err.slice(-1_000)}`))));
  });
}

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

describe('BoundedMemoryStorage memory bound', () => {
  it('RSS after 100,000 conversations is within 30 MB of RSS after 10,000 (bound 2,000)', async () => {
    const report = await runChild(transpile());
    // Printed for the record (README / report figures); the assertions follow.
    process.stdout.write(
      `memoryBound: states of ${report.minStateBytes}-${report.maxStateBytes} B; RSS start ${mb(report.startRss)} MB, after ${CHECKPOINT} conversations ${mb(report.checkpointRss)} MB, after ${CONVERSATIONS} ${mb(report.endRss)} MB (bound ${BOUND})\n`,
    );
    expect(report.size).toBe(BOUND);
    expect(report.minStateBytes).toBeGreaterThanOrEqual(10_000);
    expect(report.maxStateBytes).toBeLessThanOrEqual(16_384);
    expect(report.endRss - report.checkpointRss).toBeLessThan(MAX_GROWTH_BYTES);
  }, 60_000);
});
