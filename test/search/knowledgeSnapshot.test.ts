import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultKnowledgeDir } from '../../src/kb/loader';
import { FaqEngine, type FaqEngineOptions } from '../../src/search/faqEngine';
import type { FaqRanking } from '../../src/search/faqIndex';
import { ANALYZER_VERSION } from '../../src/search/analyzer';
import {
  currentStamp,
  describeSnapshotEvent,
  type SnapshotEvent,
  hashKnowledgeFolder,
  installedPackageVersion,
  KNOWLEDGE_SNAPSHOT_FORMAT,
  knowledgeSnapshotPath,
  readKnowledgeSnapshot,
  writeKnowledgeSnapshot,
} from '../../src/search/knowledgeSnapshot';

/** Every fixture question of sets A–D (the knowledge base is never built from them). */
const questions = ['faq-queries.jsonl', 'faq-queries-b.jsonl', 'faq-queries-c.jsonl', 'faq-queries-d.jsonl'].flatMap((name) =>
  fs
    .readFileSync(path.join(__dirname, '..', 'fixtures', name), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => (JSON.parse(l) as { q: string }).q),
);

let root: string;
let knowledgeDir: string;

/** A fresh copy of the seed knowledge folder and an empty data folder for one test. */
function workspace(name: string): { knowledgeDir: string; file: string } {
  const dir = path.join(root, name);
  fs.cpSync(defaultKnowledgeDir(), path.join(dir, 'knowledge'), { recursive: true });
  return { knowledgeDir: path.join(dir, 'knowledge'), file: knowledgeSnapshotPath(path.join(dir, 'data')) };
}

/** Builds an engine with a snapshot and returns it with the events it reported. */
async function create(options: Omit<FaqEngineOptions, 'snapshot'> & { file: string; reuse?: boolean; save?: boolean }): Promise<{ engine: FaqEngine; events: SnapshotEvent[] }> {
  const events: SnapshotEvent[] = [];
  const { file, reuse, save, ...rest } = options;
  const engine = await FaqEngine.create({ ...rest, snapshot: { file, onEvent: (e) => events.push(e), ...(reuse === undefined ? {} : { reuse }), ...(save === undefined ? {} : { save }) } });
  return { engine, events };
}

/** A fresh workspace whose snapshot is built from the folder (first), then loaded from the snapshot (loaded). */
async function builtThenLoaded(name: string): Promise<{ w: { knowledgeDir: string; file: string }; first: { engine: FaqEngine }; loaded: { engine: FaqEngine } }> {
  const w = workspace(name);
  const first = await create({ knowledgeDir: w.knowledgeDir, file: w.file });
  const loaded = await create({ knowledgeDir: w.knowledgeDir, file: w.file });
  expect(loaded.events[0]?.kind).toBe('loaded');
  return { w, first, loaded };
}

/** Rewrites one field of the saved stamp, as a snapshot written by another version would have it. */
function editStamp(file: string, field: string, value: string | number): void {
  const data = JSON.parse(fs.readFileSync(file, 'utf8')) as { stamp: Record<string, unknown> };
  data.stamp[field] = value;
  fs.writeFileSync(file, JSON.stringify(data));
}

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'madoguchi-snapshot-'));
  knowledgeDir = defaultKnowledgeDir();
});

afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

describe('FaqEngine.create with a knowledge snapshot', () => {
  it('saves a snapshot after building, then loads it: a round trip', async () => {
    const w = workspace('round-trip');
    const first = await create({ knowledgeDir: w.knowledgeDir, file: w.file });
    expect(first.events.map((e) => e.kind)).toEqual(['rebuilt', 'saved']);
    expect(first.events[0]).toMatchObject({ kind: 'rebuilt', code: 'missing', reason: `there is no snapshot at ${w.file}` });
    expect(describeSnapshotEvent(first.events[0] as SnapshotEvent)).toBe(`FaqEngine: analyzing the knowledge base again because there is no snapshot at ${w.file}`);

    const second = await create({ knowledgeDir: w.knowledgeDir, file: w.file });
    expect(second.events).toEqual([{ kind: 'loaded', file: w.file, entries: 14, rankingIndex: 'loaded' }]);
    expect(describeSnapshotEvent(second.events[0] as SnapshotEvent)).toBe(`FaqEngine: search index loaded from the knowledge snapshot ${w.file} (14 entries)`);
    expect(second.engine.kb.entries).toEqual(first.engine.kb.entries);
    expect(second.engine.kb.byId('forgot-password')?.question).toBe(first.engine.kb.byId('forgot-password')?.question);

    const read = readKnowledgeSnapshot(w.file, currentStamp(hashKnowledgeFolder(w.knowledgeDir)));
    if (read.kind !== 'loaded') throw new Error(`expected a loaded snapshot, got ${read.reason}`);
    expect(read.snapshot.stamp).toMatchObject({ analyzerVersion: ANALYZER_VERSION, kuromojiVersion: installedPackageVersion('kuromoji'), synonymDictionaryVersion: '18.0.0' });
    // Every text either ranking reads was saved: the answer of each entry among them.
    const texts = new Set(read.snapshot.analyses.map(([text]) => text));
    for (const entry of read.snapshot.knowledge.entries) expect(texts.has(entry.answer)).toBe(true);
    expect(read.snapshot.lexicon.length).toBeGreaterThan(0);
  });

  it('rebuilds and says why when a knowledge file changed', async () => {
    const w = workspace('knowledge-changed');
    await create({ knowledgeDir: w.knowledgeDir, file: w.file });
    const entry = path.join(w.knowledgeDir, 'faq', 'captcha.md');
    fs.writeFileSync(entry, fs.readFileSync(entry, 'utf8').replace(/\n*$/, '\n\n画像の文字が読めないときは音声で聞くこともできます。\n'));
    const { events, engine } = await create({ knowledgeDir: w.knowledgeDir, file: w.file });
    expect(events[0]).toEqual({ kind: 'rebuilt', code: 'knowledge-changed', reason: `${w.file} is out of date: the knowledge changed since it was built` });
    expect(engine.kb.byId('captcha')?.answer).toContain('音声で聞くこともできます');
    // The new snapshot matches the changed knowledge.
    expect((await create({ knowledgeDir: w.knowledgeDir, file: w.file })).events[0]?.kind).toBe('loaded');
  });

  it('rebuilds when synonyms.yaml changed', async () => {
    const w = workspace('synonyms-changed');
    await create({ knowledgeDir: w.knowledgeDir, file: w.file });
    fs.appendFileSync(path.join(w.knowledgeDir, 'synonyms.yaml'), '\n- [スマホ, スマートフォン]\n');
    expect((await create({ knowledgeDir: w.knowledgeDir, file: w.file })).events[0]).toMatchObject({ kind: 'rebuilt', code: 'knowledge-changed' });
  });

  it('carries the services, answers from the snapshot as from the folder, and rebuilds when services.yaml changed', async () => {
    const { w, first, loaded } = await builtThenLoaded('services');
    expect(loaded.engine.kb.services).toEqual(first.engine.kb.services);
    expect(loaded.engine.kb.services?.length).toBeGreaterThan(0);
    expect(loaded.engine.analyzer.isServiceTerm('outlook')).toBe(true);
    for (const q of ['outlook.comのパスワードを忘れた', 'Outlookでメールが送れない']) expect(loaded.engine.ask(q), q).toEqual(first.engine.ask(q));
    fs.appendFileSync(path.join(w.knowledgeDir, 'services.yaml'), '\n- [Bing, ビング]\n');
    expect((await create({ knowledgeDir: w.knowledgeDir, file: w.file })).events[0]).toMatchObject({ kind: 'rebuilt', code: 'knowledge-changed' });
  });

  it('carries the out-of-scope questions, and rebuilds when out-of-scope-questions.yaml changed', async () => {
    const { w, first, loaded } = await builtThenLoaded('out-of-scope-questions');
    expect(loaded.engine.kb.outOfScopeQuestions).toEqual(first.engine.kb.outOfScopeQuestions);
    expect(loaded.engine.kb.outOfScopeQuestions?.length).toBeGreaterThan(100);
    // Written for this test: a question about another company's service, then the same from the snapshot.
    const question = 'ガラケーの着メロを変えたい';
    fs.appendFileSync(path.join(w.knowledgeDir, 'out-of-scope-questions.yaml'), `\n- ${question}\n`);
    const changed = await create({ knowledgeDir: w.knowledgeDir, file: w.file });
    expect(changed.events[0]).toMatchObject({ kind: 'rebuilt', code: 'knowledge-changed' });
    const again = await create({ knowledgeDir: w.knowledgeDir, file: w.file });
    expect(again.events[0]?.kind).toBe('loaded');
    expect(again.engine.kb.outOfScopeQuestions).toContain(question);
    expect(again.engine.index.search('着メロを変えたい').outOfScope?.question).toBe(question);
  });

  it.each([
    ['analyzerVersion', -1, 'analyzer-changed', /is out of date: it was built by analyzer version -1\.\d+, this is \d+\.\d+$/],
    ['kuromojiVersion', '0.0.1', 'kuromoji-changed', /is out of date: it was built with kuromoji 0\.0\.1, this is 0\.1\.2$/],
    ['synonymDictionaryVersion', '17.0.0', 'dictionary-changed', /is out of date: it was built with sudachi-synonyms-dictionary 17\.0\.0, this is 18\.0\.0$/],
    ['format', 0, 'format-changed', new RegExp(`is out of date: it has format 0, this version reads ${KNOWLEDGE_SNAPSHOT_FORMAT}$`)],
  ])('rebuilds when the snapshot was built with another %s', async (field, value, code, reason) => {
    const w = workspace(`stamp-${field}`);
    await create({ knowledgeDir: w.knowledgeDir, file: w.file });
    editStamp(w.file, field, value);
    const { events } = await create({ knowledgeDir: w.knowledgeDir, file: w.file });
    expect(events[0]).toMatchObject({ kind: 'rebuilt', code });
    expect(events[0]?.kind === 'rebuilt' ? events[0].reason : '').toMatch(reason);
    expect(events[1]).toEqual({ kind: 'saved', file: w.file });
  });

  it('rebuilds when the analyzer options differ', async () => {
    const w = workspace('options');
    await create({ knowledgeDir: w.knowledgeDir, file: w.file });
    const { events } = await create({ knowledgeDir: w.knowledgeDir, file: w.file, analyzer: { maxAnalyzedChars: 500 } });
    expect(events[0]).toMatchObject({ kind: 'rebuilt', code: 'options-changed' });
  });

  it.each([
    ['not JSON', (file: string) => fs.writeFileSync(file, '{"stamp": {'), 'corrupt', / is not valid JSON$/],
    ['empty', (file: string) => fs.writeFileSync(file, ''), 'corrupt', / is not valid JSON$/],
    ['without a stamp', (file: string) => fs.writeFileSync(file, '[1, 2, 3]'), 'corrupt', / has no valid stamp$/],
    [
      'with a damaged analysis',
      (file: string) => {
        const data = JSON.parse(fs.readFileSync(file, 'utf8')) as { analyses: [string, { kinds: string[] }][] };
        const first = data.analyses.find(([, a]) => a.kinds.length > 0);
        if (first) first[1].kinds[0] = 'adjective';
        fs.writeFileSync(file, JSON.stringify(data));
      },
      'corrupt',
      // The list is named, not the item: lists are checked in one loop (see knowledgeSnapshot.ts).
      / is damaged: analyses\.\d+\.1\.kinds: expected a list of term kinds$/,
    ],
    [
      'with a damaged ranking index',
      (file: string) => {
        const data = JSON.parse(fs.readFileSync(file, 'utf8')) as { index: { json: string } };
        // One character of the saved index changed, the JSON around it still valid.
        data.index.json = data.index.json.replace(/"size":(\d)/, (_all, digit: string) => `"size":${(Number(digit) + 1) % 10}`);
        fs.writeFileSync(file, JSON.stringify(data));
      },
      'corrupt',
      / is damaged: its bm25 index does not match its SHA-256$/,
    ],
    ['a folder', (file: string) => (fs.rmSync(file), fs.mkdirSync(file)), 'unreadable', / cannot be read \(EISDIR\)$/],
  ])('rebuilds, never fails, when the snapshot is %s', async (_name, damage, code, reason) => {
    const w = workspace(`corrupt-${_name.replace(/\W+/g, '-')}`);
    const clean = await create({ knowledgeDir: w.knowledgeDir, file: w.file });
    damage(w.file);
    const { events, engine } = await create({ knowledgeDir: w.knowledgeDir, file: w.file });
    expect(events[0]).toMatchObject({ kind: 'rebuilt', code });
    expect(events[0]?.kind === 'rebuilt' ? events[0].reason : '').toMatch(reason);
    expect(engine.ask('パスワードを忘れました')).toEqual(clean.engine.ask('パスワードを忘れました'));
  });

  it('reports a snapshot it cannot save and still answers', async () => {
    const w = workspace('read-only');
    // A file where the data folder should be: the snapshot's folder cannot be made.
    fs.writeFileSync(path.dirname(path.dirname(w.file)), 'not a folder');
    const { events, engine } = await create({ knowledgeDir: w.knowledgeDir, file: w.file });
    expect(events[1]).toMatchObject({ kind: 'save-failed', reason: expect.stringMatching(/^knowledgeSnapshot: cannot write .*knowledge-snapshot\.json: (ENOTDIR|EEXIST)$/) });
    expect(engine.ask('パスワードを忘れました').decision).toMatchObject({ kind: 'answer', entryId: 'forgot-password' });
  });

  it('rebuilds on request (reuse: false) and does not save with save: false', async () => {
    const w = workspace('forced');
    await create({ knowledgeDir: w.knowledgeDir, file: w.file, save: false });
    expect(fs.existsSync(w.file)).toBe(false);
    await create({ knowledgeDir: w.knowledgeDir, file: w.file });
    const { events } = await create({ knowledgeDir: w.knowledgeDir, file: w.file, reuse: false });
    expect(events.map((e) => e.kind)).toEqual(['rebuilt', 'saved']);
    expect(events[0]).toMatchObject({ code: 'forced' });
  });

  it('builds the index from the analyses when the saved one was built with other field parameters', async () => {
    const w = workspace('index-key');
    await create({ knowledgeDir: w.knowledgeDir, file: w.file, index: { ranking: 'bm25' } });
    const lexical = { fields: { question: { weight: 0.7 } } };
    const loaded = await create({ knowledgeDir: w.knowledgeDir, file: w.file, index: { ranking: 'bm25', lexical } });
    expect(loaded.events[0]).toMatchObject({ kind: 'loaded', rankingIndex: 'built' });
    const scratch = await FaqEngine.create({ knowledgeDir, index: { ranking: 'bm25', lexical } });
    for (const q of questions.slice(0, 50)) expect(loaded.engine.ask(q), q).toEqual(scratch.ask(q));
  });

  it('writes atomically: no temporary file is left behind', () => {
    const dir = path.join(root, 'atomic');
    const file = path.join(dir, 'snapshot.json');
    const stamp = currentStamp('x');
    writeKnowledgeSnapshot(file, { stamp, knowledge: { entries: [], synonyms: [], outOfScope: [] }, lexicon: [], analyses: [] });
    expect(fs.readdirSync(dir)).toEqual(['snapshot.json']);
    expect(readKnowledgeSnapshot(file, stamp)).toMatchObject({ kind: 'loaded' });
  });

  it.each<FaqRanking>(['minisearch', 'bm25'])('answers every fixture question of sets A–D exactly as an engine built from scratch (%s)', async (ranking) => {
    const w = workspace(`same-${ranking}`);
    const scratch = await FaqEngine.create({ knowledgeDir, index: { ranking } });
    await create({ knowledgeDir: w.knowledgeDir, file: w.file, index: { ranking } });
    const loaded = await create({ knowledgeDir: w.knowledgeDir, file: w.file, index: { ranking } });
    // The ranking's own index was saved with the snapshot and loaded, not built again.
    expect(loaded.events[0]).toMatchObject({ kind: 'loaded', rankingIndex: 'loaded' });
    expect(loaded.engine.index.usedSavedIndex).toBe(true);
    expect(questions.length).toBeGreaterThan(500);
    for (const q of questions) expect(loaded.engine.ask(q), q).toEqual(scratch.ask(q));
  });

  it('serves the other ranking from the same snapshot (one snapshot for both)', async () => {
    const w = workspace('both');
    await create({ knowledgeDir: w.knowledgeDir, file: w.file, index: { ranking: 'minisearch' } });
    const bm25 = await create({ knowledgeDir: w.knowledgeDir, file: w.file, index: { ranking: 'bm25' } });
    // The saved index is MiniSearch's: the bm25 index is built from the saved analyses.
    expect(bm25.events[0]).toMatchObject({ kind: 'loaded', rankingIndex: 'built' });
    const scratch = await FaqEngine.create({ knowledgeDir, index: { ranking: 'bm25' } });
    for (const q of questions.slice(0, 100)) expect(bm25.engine.ask(q), q).toEqual(scratch.ask(q));
  });

  it('carries the spelling-variant map, so a start from the snapshot needs no Sudachi dictionary', async () => {
    const w = workspace('variants');
    const built = await create({ knowledgeDir: w.knowledgeDir, file: w.file, index: { ranking: 'minisearch' }, spellingVariants: true });
    expect(built.events.map((e) => e.kind)).toEqual(['rebuilt', 'saved']);
    const read = readKnowledgeSnapshot(w.file, currentStamp(hashKnowledgeFolder(w.knowledgeDir), { spellingVariants: true }));
    if (read.kind !== 'loaded') throw new Error(`expected a loaded snapshot, got ${read.reason}`);
    const variants = read.snapshot.spellingVariants ?? {};
    expect(Object.keys(variants).length).toBeGreaterThan(0);
    // Every variant is a term of the knowledge base (the map is restricted to the index).
    const terms = new Set(read.snapshot.analyses.flatMap(([, a]) => a.terms));
    for (const targets of Object.values(variants)) for (const t of targets) expect(terms.has(t), t).toBe(true);

    const loaded = await create({ knowledgeDir: w.knowledgeDir, file: w.file, index: { ranking: 'bm25' }, spellingVariants: true });
    expect(loaded.events[0]?.kind).toBe('loaded');
    const scratch = await FaqEngine.create({ knowledgeDir, index: { ranking: 'bm25' }, spellingVariants: true });
    for (const q of questions.slice(0, 150)) expect(loaded.engine.ask(q), q).toEqual(scratch.ask(q));
    // Without variants the stamp differs: rebuilt, and said why.
    expect((await create({ knowledgeDir: w.knowledgeDir, file: w.file, index: { ranking: 'bm25' }, spellingVariants: false })).events[0]).toMatchObject({ kind: 'rebuilt', code: 'options-changed' });
  });

  it('uses in-memory knowledge and stamps it by content', async () => {
    const file = path.join(root, 'memory', 'snapshot.json');
    const entries = [
      { id: 'a', question: '住民票の写しを取りたい', answer: '市民課の窓口で申請できます。', alternates: [], tags: [], related: [], links: [], source: 'memory#a' },
      { id: 'b', question: 'ごみの収集日を知りたい', answer: '地区ごとの収集カレンダーをご覧ください。', alternates: [], tags: [], related: [], links: [], source: 'memory#b' },
    ];
    const knowledge = { entries, synonyms: [], outOfScope: [] };
    const first = await create({ knowledgeDir: '/nonexistent', knowledge, file });
    expect(first.events[0]).toMatchObject({ code: 'missing' });
    const second = await create({ knowledgeDir: '/nonexistent', knowledge, file });
    expect(second.events[0]).toEqual({ kind: 'loaded', file, entries: 2, rankingIndex: 'loaded' });
    expect(second.engine.index.search('住民票がほしい').candidates[0]?.id).toBe('a');
    const changed = await create({ knowledgeDir: '/nonexistent', knowledge: { ...knowledge, entries: [entries[0] as (typeof entries)[number]] }, file });
    expect(changed.events[0]).toMatchObject({ code: 'knowledge-changed' });
  });
});
