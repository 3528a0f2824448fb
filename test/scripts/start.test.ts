import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
// The start script is plain ESM JavaScript (it must run before anything is compiled).
import { isFresh, newestInput } from '../../scripts/start.mjs';

let root: string | undefined;
afterEach(() => {
  if (root) fs.rmSync(root, { recursive: true, force: true });
  root = undefined;
});

/** A project in a temporary folder: a source file, tsconfig.json, and a build stamp `stampAgeMs` old. */
function project(stampAgeMs: number | undefined): string {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'madoguchi-start-'));
  fs.mkdirSync(path.join(root, 'src', 'search'), { recursive: true });
  fs.writeFileSync(path.join(root, 'src', 'search', 'a.ts'), 'export {};\n');
  fs.writeFileSync(path.join(root, 'tsconfig.json'), '{}\n');
  const past = new Date(Date.now() - 60_000);
  for (const file of [path.join(root, 'src', 'search', 'a.ts'), path.join(root, 'src', 'search'), path.join(root, 'src'), path.join(root, 'tsconfig.json')]) fs.utimesSync(file, past, past);
  if (stampAgeMs !== undefined) {
    fs.mkdirSync(path.join(root, 'dist'));
    fs.writeFileSync(path.join(root, 'dist', '.build-stamp'), '');
    const at = new Date(Date.now() - stampAgeMs);
    fs.utimesSync(path.join(root, 'dist', '.build-stamp'), at, at);
  }
  return root;
}

function touch(file: string): void {
  const now = new Date();
  fs.utimesSync(file, now, now);
}

describe('start script: is dist/ current?', () => {
  it('yes when the stamp is newer than every source and build file', () => {
    expect(isFresh(project(1_000))).toBe(true);
  });

  it('no without a stamp (never built by the script)', () => {
    expect(isFresh(project(undefined))).toBe(false);
  });

  it('no once a source file changed after the build', () => {
    const dir = project(30_000);
    touch(path.join(dir, 'src', 'search', 'a.ts'));
    expect(isFresh(dir)).toBe(false);
  });

  it('no once a source file was added or removed (the folder changed)', () => {
    const dir = project(30_000);
    fs.rmSync(path.join(dir, 'src', 'search', 'a.ts'));
    expect(isFresh(dir)).toBe(false);
  });

  it('no once tsconfig.json changed; knowledge/ is not an input', () => {
    const dir = project(30_000);
    fs.mkdirSync(path.join(dir, 'knowledge'));
    fs.writeFileSync(path.join(dir, 'knowledge', 'x.md'), '');
    expect(isFresh(dir)).toBe(true);
    touch(path.join(dir, 'tsconfig.json'));
    expect(isFresh(dir)).toBe(false);
  });

  it('newestInput is the newest mtime of the inputs', () => {
    const dir = project(1_000);
    expect(newestInput(dir)).toBeLessThan(Date.now() - 30_000);
  });
});
