import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import { builtServer } from '../support/botProcess';
import { defaultKnowledgeDir } from '../../src/kb/loader';
import { FaqEngine } from '../../src/search/faqEngine';
import { bufferedIo } from '../support/cliIo';

/** One engine for the file: building it is not what these tests test. */
const engine = FaqEngine.create({ knowledgeDir: defaultKnowledgeDir() });

const io = bufferedIo;

describe('madoguchi CLI', () => {
  it('ask prints the decision and candidates for people', async () => {
    const out = io();
    expect(await main(['ask', 'パスワードを忘れました'], out, {}, { engine })).toBe(0);
    expect(out.stdout.join('\n')).toMatch(/decision: +answer → forgot-password/);
    expect(out.stdout.join('\n')).toMatch(/1\. \d\.\d{3} +forgot-password/);
  });

  it('ask --json prints one JSON object with the stable fields', async () => {
    const out = io();
    expect(await main(['ask', '--json', 'パスワードを忘れました'], out, {}, { engine })).toBe(0);
    expect(out.stdout).toHaveLength(1);
    const record = JSON.parse(out.stdout[0] as string) as Record<string, unknown>;
    expect(record).toMatchObject({ query: 'パスワードを忘れました', answerId: 'forgot-password', clarify: [] });
    expect(record.candidates).toEqual(expect.arrayContaining([{ id: 'forgot-password', score: expect.any(Number) }]));
  });

  it('ask --jsonl answers one line per input line, in order, including clarify and abstain', async () => {
    const out = io(['パスワードを忘れました', 'アカウント', '明日の天気は？', '']);
    expect(await main(['ask', '--jsonl'], out, {}, { engine })).toBe(0);
    const records = out.stdout.map((l) => JSON.parse(l) as { query: string; answerId: string | null; clarify: string[]; candidates: unknown[] });
    expect(records.map((r) => r.query)).toEqual(['パスワードを忘れました', 'アカウント', '明日の天気は？', '']);
    expect(records[0]?.answerId).toBe('forgot-password');
    expect(records[1]?.answerId).toBeNull();
    expect(records[1]?.clarify.length).toBeGreaterThanOrEqual(2);
    expect(records[2]).toMatchObject({ answerId: null, clarify: [] });
    for (const r of records) expect(Object.keys(r).sort()).toEqual(['answerId', 'candidates', 'clarify', 'query']);
  });

  it('eval prints top-1, top-3, MRR and abstention shares', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'madoguchi-eval-')), 'q.jsonl');
    fs.writeFileSync(file, ['{"q": "パスワードを忘れました", "ids": ["forgot-password"]}', '{"q": "明日の天気は？", "ids": []}'].join('\n'));
    const out = io();
    expect(await main(['eval', file, '--json'], out, {}, { engine })).toBe(0);
    expect(JSON.parse(out.stdout[0] as string)).toMatchObject({ inScope: 1, outOfScope: 1, top1: 1, top3: 1, mrr: 1, outOfScopeAbstained: 1, inScopeAbstained: 0 });
  });

  it('eval reports a malformed line with its number', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'madoguchi-eval-')), 'bad.jsonl');
    fs.writeFileSync(file, '{"q": "x", "ids": []}\nnot json\n{"q": 1}\n');
    const out = io();
    expect(await main(['eval', file], out, {}, { engine })).toBe(2);
    expect(out.stderr).toEqual([`madoguchi eval: ${file}:2: not valid JSON`, `madoguchi eval: ${file}:3: expected {"q": string, "ids": string[]}`]);
  });

  it('kb check validates the knowledge folder', async () => {
    const out = io();
    expect(await main(['kb', 'check'], out, {})).toBe(0);
    expect(out.stdout[0]).toMatch(/^madoguchi kb check: ok: 14 entries/);
    const bad = io();
    expect(await main(['kb', 'check'], bad, { KNOWLEDGE_DIR: '/nonexistent' })).toBe(1);
    expect(bad.stderr[0]).toBe('knowledge: /nonexistent/faq: folder not found');
  });

  it('rejects unknown commands and bad configuration with exit code 2', async () => {
    const out = io();
    expect(await main(['frobnicate'], out, {})).toBe(2);
    expect(out.stderr[0]).toMatch(/^madoguchi: unknown command "frobnicate"/);
    const cfg = io();
    expect(await main(['kb', 'check'], cfg, { PORT: 'x' })).toBe(2);
    expect(cfg.stderr[0]).toBe('config: PORT must be a number (got "x")');
  });

  it('runs as `npx madoguchi` from the project root (the bin, on the build `npm test` emits)', async () => {
    const root = path.join(__dirname, '..', '..');
    await builtServer();
    const run = spawnSync('npx', ['madoguchi', 'kb', 'check'], { cwd: root, encoding: 'utf8', env: { ...process.env, MADOGUCHI_BUILD_DIR: path.join('.build', 'test'), DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'madoguchi-bin-')) } });
    expect(run.stderr).not.toMatch(/error/i);
    expect(run.stdout).toMatch(/^madoguchi kb check: ok/);
    expect(run.status).toBe(0);
    // npx, a fresh Node process and a whole engine (kb check ranks every alternate): slow on a busy machine.
  }, 120_000);

  it('says how to build when the build it should run is missing', () => {
    const root = path.join(__dirname, '..', '..');
    const run = spawnSync('node', ['bin/madoguchi.js', 'kb', 'check'], { cwd: root, encoding: 'utf8', env: { ...process.env, MADOGUCHI_BUILD_DIR: 'no-such-build' } });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('madoguchi: the project is not built yet (no-such-build/src/cli/main.js is missing); run `npm install` (it builds) or `npm run build` first\n');
  });

  it('builds its own engine from configuration when none is given, its snapshot in DATA_DIR', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'madoguchi-cli-'));
    const out = io();
    expect(await main(['ask', '--json', 'パスワードを忘れました'], out, { DATA_DIR: dataDir })).toBe(0);
    expect(JSON.parse(out.stdout[0] ?? '{}')).toMatchObject({ answerId: 'forgot-password' });
    expect(fs.existsSync(path.join(dataDir, 'search', 'knowledge-snapshot.json'))).toBe(true);
  });
});
