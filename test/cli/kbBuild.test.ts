import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import { defaultKnowledgeDir } from '../../src/kb/loader';
import { bufferedIo } from '../support/cliIo';

const io = bufferedIo;

let root: string;
let env: Record<string, string>;

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'madoguchi-kb-build-'));
  fs.cpSync(defaultKnowledgeDir(), path.join(root, 'knowledge'), { recursive: true });
  env = { KNOWLEDGE_DIR: path.join(root, 'knowledge'), DATA_DIR: path.join(root, 'data') };
});

afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

describe('madoguchi kb build', () => {
  it('writes the snapshot to DATA_DIR/search, then finds it up to date without rebuilding', async () => {
    const file = path.join(root, 'data', 'search', 'knowledge-snapshot.json');
    const first = io();
    expect(await main(['kb', 'build'], first, env)).toBe(0);
    expect(first.stdout).toEqual([
      `madoguchi kb build: FaqEngine: analyzing the knowledge base again because there is no snapshot at ${file}`,
      `madoguchi kb build: FaqEngine: knowledge snapshot saved to ${file}`,
    ]);
    expect(first.stderr).toEqual([]);
    const written = fs.statSync(file).mtimeMs;

    const again = io();
    expect(await main(['kb', 'build'], again, env)).toBe(0);
    expect(again.stdout).toEqual([`madoguchi kb build: ${file} is up to date (14 entries)`]);
    expect(fs.statSync(file).mtimeMs).toBe(written);

    const forced = io();
    expect(await main(['kb', 'build', '--force'], forced, env)).toBe(0);
    expect(forced.stdout[0]).toBe('madoguchi kb build: FaqEngine: analyzing the knowledge base again because a rebuild was asked for');
  });

  it('rebuilds after the knowledge changed, saying why', async () => {
    const out = path.join(root, 'elsewhere', 'snapshot.json');
    expect(await main(['kb', 'build', '--out', out], io(), env)).toBe(0);
    fs.appendFileSync(path.join(root, 'knowledge', 'out-of-scope.yaml'), '\n- [ゲーム機, ゲームき]\n');
    const after = io();
    expect(await main(['kb', 'build', `--out=${out}`], after, env)).toBe(0);
    expect(after.stdout[0]).toBe(`madoguchi kb build: FaqEngine: analyzing the knowledge base again because ${out} is out of date: the knowledge changed since it was built`);
  });

  it('fails with exit 1 when the snapshot cannot be written', async () => {
    const blocker = path.join(root, 'blocker');
    fs.writeFileSync(blocker, 'a file, not a folder');
    const out = io();
    expect(await main(['kb', 'build', '--out', path.join(blocker, 'snapshot.json')], out, env)).toBe(1);
    expect(out.stderr[0]).toMatch(/^madoguchi kb build: FaqEngine: the knowledge snapshot was not saved \(knowledgeSnapshot: cannot write .*snapshot\.json: (ENOTDIR|EEXIST)\); the next start analyzes the knowledge base again$/);
  });

  it('fails with exit 1 on an invalid knowledge folder, and 2 on a usage error', async () => {
    const invalid = io();
    expect(await main(['kb', 'build'], invalid, { ...env, KNOWLEDGE_DIR: path.join(root, 'missing') })).toBe(1);
    expect(invalid.stderr[0]).toBe(`madoguchi kb build: FaqEngine: the knowledge base is invalid:\nknowledge: ${path.join(root, 'missing', 'faq')}: folder not found`);
    const usage = io();
    expect(await main(['kb', 'build', 'extra', '--fast'], usage, env)).toBe(2);
    expect(usage.stderr[0]).toMatch(/^madoguchi kb build: unknown argument --fast, extra\nusage: madoguchi kb check\n/);
    const noFile = io();
    expect(await main(['kb', 'build', '--out'], noFile, env)).toBe(2);
    expect(noFile.stderr[0]).toMatch(/^madoguchi kb build: --out needs a file\n/);
  });
});
