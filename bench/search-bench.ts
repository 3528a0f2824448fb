/**
 * npm run bench: analyzer and search latency (p50, p99), worst-case long input,
 * start-up time to ready, and RSS. Prints numbers; asserts nothing.
 * A raw kuromoji tokenize of the same questions, measured in the same run, is the baseline:
 * these machines are noisy, so ratios travel better than milliseconds.
 *
 * Then the scale table (issue 12): the seed knowledge base (14 entries), localgovFAQ's 1,786
 * entries and the same ten times (17,860, ids varied), for both rankings: index build next to a
 * plain MiniSearch with a naive kuromoji tokenizer (surface forms, question and answer) built in the
 * same run; query p50/p99 next to that MiniSearch's; start-up to ready from a knowledge snapshot
 * next to the seed knowledge base (each a fresh child process: node, modules, dictionary, index);
 * heap and RSS once ready (start-up children alternate seed and snapshot, so load weighs on both). Under each row, what p99 is made of: p99 of a second pass right after a
 * full GC (node --expose-gc), the slowest 1% of queries run again (best of 5), and the GCs during
 * the pass. The load average is printed with the table. localgovFAQ is read at run time (LOCALGOV_DIR) and never copied; its
 * snapshot is written under os.tmpdir() and removed. BENCH_SCALE=0 skips the table.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance, PerformanceObserver } from 'node:perf_hooks';
import kuromoji from 'kuromoji';
import MiniSearch from 'minisearch';
import type { FaqEntry } from '../src/kb/schema';
import { defaultKnowledgeDir, loadKnowledgeBase } from '../src/kb/loader';
import { loadDictionary } from '../src/search/dictionaryLoader';
import { FaqEngine } from '../src/search/faqEngine';
import { DEFAULT_FAQ_RANKING, type FaqRanking } from '../src/search/faqIndex';
import type { SnapshotKnowledge } from '../src/search/knowledgeSnapshot';
import { loadLocalgovCollection, resolveLocalgovDir } from './localgovData';

/** Times each question is run per measured pass. */
const REPEAT = Number(process.env.BENCH_REPEAT ?? 20);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

function measure(questions: readonly string[], fn: (q: string) => unknown): { p50: number; p99: number; max: number } {
  for (const q of questions) fn(q); // warm-up: JIT and caches
  const times: number[] = [];
  for (let r = 0; r < REPEAT; r++) {
    for (const q of questions) {
      const t = performance.now();
      fn(q);
      times.push(performance.now() - t);
    }
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99), max: times[times.length - 1] ?? 0 };
}

const ms = (x: number): string => `${x.toFixed(3)} ms`;

async function main(): Promise<void> {
  const rssBefore = process.memoryUsage().rss;
  const t0 = performance.now();
  // No query cache: every pass repeats the questions, and the cache would answer them without searching.
  const engine = await FaqEngine.create({ knowledgeDir: defaultKnowledgeDir(), queryCacheSize: 0 });
  const startup = performance.now() - t0;
  const rssReady = process.memoryUsage().rss;

  const fixture = path.join(__dirname, '..', '..', 'test', 'fixtures', 'faq-queries.jsonl');
  const questions = fs
    .readFileSync(fixture, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => (JSON.parse(l) as { q: string }).q);

  const dicPath = path.join(path.dirname(require.resolve('kuromoji')), '..', 'dict');
  const raw = await new Promise<kuromoji.Tokenizer<kuromoji.IpadicFeatures>>((resolve, reject) =>
    kuromoji.builder({ dicPath }).build((err, t) => (err ? reject(err) : resolve(t))),
  );

  const baseline = measure(questions, (q) => raw.tokenize(q));
  const analyze = measure(questions, (q) => engine.analyzer.analyze(q));
  const ask = measure(questions, (q) => engine.ask(q));

  const long = [
    ['30,000 × "x"', 'x'.repeat(30_000)],
    ['30,000 Japanese chars', 'パスワードを忘れてしまったのでサインインできません。'.repeat(1_200).slice(0, 30_000)],
    ['30,000 mixed, no spaces', 'abcアカウント123ぱすわーど'.repeat(1_500).slice(0, 30_000)],
    ['2,000 × "x" (raw kuromoji, unbounded)', 'x'.repeat(2_000)],
  ] as const;

  console.log(`madoguchi bench — node ${process.version}, ${questions.length} fixture questions × ${REPEAT}`);
  console.log('');
  console.log(`start-up to ready:            ${startup.toFixed(0)} ms (dictionary + knowledge base + index)`);
  console.log(`RSS:                          ${(rssBefore / 2 ** 20).toFixed(0)} MB before, ${(rssReady / 2 ** 20).toFixed(0)} MB ready`);
  console.log('');
  console.log('per question                  p50          p99          max');
  const row = (name: string, r: { p50: number; p99: number; max: number }) =>
    console.log(`${name.padEnd(30)}${ms(r.p50).padEnd(13)}${ms(r.p99).padEnd(13)}${ms(r.max)}`);
  row('baseline: raw kuromoji', baseline);
  row('analyzer (normalize→terms)', analyze);
  row('ask (analyze+rank+policy)', ask);
  console.log(`ask p50 / baseline p50:       ${(ask.p50 / baseline.p50).toFixed(2)}×`);
  console.log('');
  console.log('worst-case input (one run each)');
  for (const [name, text] of long) {
    const t = performance.now();
    if (name.includes('raw kuromoji')) raw.tokenize(text);
    else engine.ask(text);
    console.log(`${name.padEnd(40)}${ms(performance.now() - t)}`);
  }
  console.log(`RSS after:                    ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`);
  await scale(questions);
}

/** Copies of each localgovFAQ entry in the largest knowledge base. */
const SCALE_COPIES = 10;
/** Passes over the query set per measurement (after a warm-up); each localgov pass is 749 queries. */
const SCALE_REPEAT = Number(process.env.BENCH_SCALE_REPEAT ?? 1);
/** Child processes per start-up measurement; the median is reported. */
const STARTUP_RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 3);
const RANKINGS: readonly FaqRanking[] = ['minisearch', 'bm25'];
const PROJECT_ROOT = path.join(__dirname, '..', '..');

interface ScaleKnowledge {
  readonly name: string;
  readonly knowledge: SnapshotKnowledge;
  readonly queries: readonly string[];
}

/** The three knowledge bases of the table; undefined entries when localgovFAQ is not there. */
function scaleKnowledge(seedQuestions: readonly string[]): ScaleKnowledge[] {
  const seed = loadKnowledgeBase(defaultKnowledgeDir());
  if (!seed.ok) throw new Error(`bench: the seed knowledge base is invalid: ${seed.errors[0] ?? ''}`);
  const out: ScaleKnowledge[] = [{ name: 'seed', knowledge: seed.kb, queries: seedQuestions }];
  const localgov = loadLocalgovCollection(resolveLocalgovDir(PROJECT_ROOT));
  if (localgov.kind === 'missing') {
    console.log(`scale: localgovFAQ not found (${localgov.file} in ${localgov.dir}); only the seed row is measured`);
    return out;
  }
  const entries = localgov.collection.entries;
  const queries = [...localgov.collection.queries.values()];
  out.push({ name: 'localgov', knowledge: { entries, synonyms: [], outOfScope: [] }, queries });
  const copies: FaqEntry[] = [];
  for (let k = 0; k < SCALE_COPIES; k++) for (const e of entries) copies.push({ ...e, id: k === 0 ? e.id : `${e.id}-copy${k}` });
  out.push({ name: 'localgov×10', knowledge: { entries: copies, synonyms: [], outOfScope: [] }, queries });
  return out;
}

/**
 * The baseline: MiniSearch over question and answer with kuromoji's surface forms, nothing else.
 * A text met before is not tokenized again: the engine analyzes each distinct text once too, and
 * without this the 17,860 row (each text ten times) would compare deduplication, not indexing.
 */
function naiveMiniSearch(entries: readonly FaqEntry[], tokenizer: kuromoji.Tokenizer<kuromoji.IpadicFeatures>): MiniSearch<FaqEntry> {
  const seen = new Map<string, string[]>();
  const tokenize = (text: string): string[] => {
    let tokens = seen.get(text);
    if (!tokens) seen.set(text, (tokens = tokenizer.tokenize(text).map((t) => t.surface_form)));
    return tokens;
  };
  const mini = new MiniSearch<FaqEntry>({ idField: 'id', fields: ['question', 'answer'], tokenize });
  mini.addAll(entries as FaqEntry[]);
  return mini;
}

/** Runs of each of the slowest 1% of queries again, to tell a slow query from a slow moment. */
const SLOW_RERUNS = 5;

interface QueryTimes {
  readonly p50: number;
  readonly p99: number;
  /** p99 of a second pass started right after a full GC (only with node --expose-gc). */
  readonly p99AfterGc?: number;
  /** The queries at or above p99, each run SLOW_RERUNS more times: the median and the largest of their best times. */
  readonly slowRerunMedian: number;
  readonly slowRerunMax: number;
  /** Garbage collections during the first pass, and the time they took. */
  readonly gcCount: number;
  readonly gcMs: number;
}

/** One timed pass over the queries: every time, and the GCs that ran meanwhile. */
async function timedPass(queries: readonly string[], fn: (q: string) => unknown): Promise<{ times: number[]; gcCount: number; gcMs: number }> {
  const gcs: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gcs.push(entry.duration);
  });
  observer.observe({ entryTypes: ['gc'] });
  const times: number[] = [];
  for (let r = 0; r < SCALE_REPEAT; r++) {
    for (const q of queries) {
      const t = performance.now();
      fn(q);
      times.push(performance.now() - t);
    }
  }
  // GC entries reach the observer asynchronously: let them arrive before counting.
  await new Promise((resolve) => setTimeout(resolve, 50));
  observer.disconnect();
  return { times, gcCount: gcs.length, gcMs: gcs.reduce((a, b) => a + b, 0) };
}

/**
 * p50 and p99 of one pass, and what p99 is made of: a pass after a full GC (when node runs with
 * --expose-gc), the slowest queries run again (slow again: the query; fast: the moment), the GCs.
 */
async function timeQueries(queries: readonly string[], fn: (q: string) => unknown, detail = true): Promise<QueryTimes> {
  for (const q of queries.slice(0, 50)) fn(q);
  const first = await timedPass(queries, fn);
  const sorted = [...first.times].sort((a, b) => a - b);
  const p99 = percentile(sorted, 99);
  // Without detail (the naive baseline: 6 minutes a pass at 17,860 entries), one pass only.
  const slow = detail ? queries.filter((_, i) => (first.times[i] ?? 0) >= p99) : [];
  const best = slow
    .map((q) => {
      let min = Number.POSITIVE_INFINITY;
      for (let r = 0; r < SLOW_RERUNS; r++) {
        const t = performance.now();
        fn(q);
        min = Math.min(min, performance.now() - t);
      }
      return min;
    })
    .sort((a, b) => a - b);
  const gc = (globalThis as { gc?: () => void }).gc;
  let p99AfterGc: number | undefined;
  if (gc && detail) {
    gc();
    p99AfterGc = percentile((await timedPass(queries, fn)).times.sort((a, b) => a - b), 99);
  }
  return {
    p50: percentile(sorted, 50),
    p99,
    ...(p99AfterGc === undefined ? {} : { p99AfterGc }),
    slowRerunMedian: percentile(best, 50),
    slowRerunMax: best[best.length - 1] ?? 0,
    gcCount: first.gcCount,
    gcMs: first.gcMs,
  };
}

interface ChildReport {
  readonly readyMs: number;
  readonly heapMB: number;
  readonly rssMB: number;
}

/** Runs this script as `--child MODE …` in a fresh process; returns what it printed. */
function child(args: readonly string[]): ChildReport {
  const started = performance.now();
  const run = spawnSync(process.execPath, ['--expose-gc', __filename, '--child', ...args], { encoding: 'utf8', maxBuffer: 1 << 20 });
  const wall = performance.now() - started;
  const line = run.stdout.trim().split('\n').pop() ?? '';
  if (run.status !== 0 || !line.startsWith('{')) throw new Error(`bench: child ${args.join(' ')} failed (${run.status ?? run.signal}): ${run.stderr.trim().split('\n').slice(-3).join(' ')}`);
  const report = JSON.parse(line) as { heapMB: number; rssMB: number };
  // From spawn to ready: node start-up, modules, dictionary and index, as a server start pays them.
  return { readyMs: wall, heapMB: report.heapMB, rssMB: report.rssMB };
}

function median(reports: readonly ChildReport[]): ChildReport {
  const sorted = [...reports].sort((a, b) => a.readyMs - b.readyMs);
  return sorted[Math.floor(sorted.length / 2)] as ChildReport;
}

/**
 * Start-up from the snapshot and of the seed, their children alternated (seed, snapshot, seed, …),
 * so a busy moment of the machine weighs on both alike: the difference is what the row reports.
 */
function pairedChildren(snapshotArgs: readonly string[], seedArgs: readonly string[]): { snapshot: ChildReport; seed: ChildReport } {
  const seeds: ChildReport[] = [];
  const snapshots: ChildReport[] = [];
  for (let i = 0; i < STARTUP_RUNS; i++) {
    seeds.push(child(seedArgs));
    snapshots.push(child(snapshotArgs));
  }
  return { snapshot: median(snapshots), seed: median(seeds) };
}

/** In the child: build what MODE says, then print heap and RSS (after a full GC) as one JSON line. */
async function childMain(args: readonly string[]): Promise<void> {
  const [mode, ranking, file, knowledgeFile] = args;
  const gc = (globalThis as { gc?: () => void }).gc;
  let keep: unknown;
  if (mode === 'seed') keep = await FaqEngine.create({ knowledgeDir: defaultKnowledgeDir(), index: { ranking: ranking as FaqRanking } });
  else if (mode === 'snapshot' && file && knowledgeFile) {
    const knowledge = JSON.parse(fs.readFileSync(knowledgeFile, 'utf8')) as SnapshotKnowledge;
    const events: string[] = [];
    keep = await FaqEngine.create({ knowledgeDir: defaultKnowledgeDir(), knowledge, index: { ranking: ranking as FaqRanking }, snapshot: { file, save: false, onEvent: (e) => events.push(e.kind === 'loaded' ? `loaded, ranking index ${e.rankingIndex}` : e.kind) } });
    if (events[0] !== 'loaded, ranking index loaded') throw new Error(`bench: the snapshot was not used (${events.join(', ')})`);
  } else if (mode === 'naive' && knowledgeFile) {
    const knowledge = JSON.parse(fs.readFileSync(knowledgeFile, 'utf8')) as SnapshotKnowledge;
    keep = naiveMiniSearch(knowledge.entries, await loadDictionary());
  } else throw new Error(`bench: unknown child mode ${args.join(' ')}`);
  gc?.();
  const memory = process.memoryUsage();
  console.log(JSON.stringify({ heapMB: memory.heapUsed / 2 ** 20, rssMB: memory.rss / 2 ** 20, kept: keep !== undefined }));
}

async function scale(seedQuestions: readonly string[]): Promise<void> {
  if (process.env.BENCH_SCALE === '0') return;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'madoguchi-bench-scale-'));
  try {
    const tokenizer = await loadDictionary();
    const sets = scaleKnowledge(seedQuestions);
    console.log('');
    console.log(`scale — ${SCALE_REPEAT} pass(es) over the queries; start-up: median of ${STARTUP_RUNS} child processes; heap/RSS after a full GC in that child; load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')} (${os.cpus().length} cores)`);
    console.log('entries  ranking     build / naive MiniSearch     query p50 (naive)     query p99 (naive)     ready: snapshot / seed   heap MB (naive)  RSS MB (naive)');
    for (const set of sets) {
      const entries = set.knowledge.entries;
      const knowledgeFile = path.join(tmp, `${set.name}.json`);
      fs.writeFileSync(knowledgeFile, JSON.stringify(set.knowledge));
      let t = performance.now();
      const naive = naiveMiniSearch(entries, tokenizer);
      const naiveBuild = performance.now() - t;
      const naiveQuery = await timeQueries(set.queries, (q) => naive.search(tokenizer.tokenize(q).map((x) => x.surface_form).join(' ')), false);
      const naiveMemory = child(['naive', '-', '-', knowledgeFile]);
      const snapshotFile = path.join(tmp, `${set.name}.snapshot.json`);
      t = performance.now();
      await FaqEngine.create({ knowledgeDir: defaultKnowledgeDir(), knowledge: set.knowledge, snapshot: { file: snapshotFile } });
      const kbBuild = performance.now() - t;
      for (const ranking of RANKINGS) {
        t = performance.now();
        const engine = await FaqEngine.create({ knowledgeDir: defaultKnowledgeDir(), knowledge: set.knowledge, index: { ranking } });
        const build = performance.now() - t;
        // Through the index, not ask: ask remembers repeated questions, which would hide the search.
        const query = await timeQueries(set.queries, (q) => engine.index.search(q));
        // A snapshot holding this ranking's index (kb build above saved the default ranking's), as the server writes it.
        const rankingSnapshot = ranking === DEFAULT_FAQ_RANKING ? snapshotFile : path.join(tmp, `${set.name}.${ranking}.snapshot.json`);
        if (ranking !== DEFAULT_FAQ_RANKING) await FaqEngine.create({ knowledgeDir: defaultKnowledgeDir(), knowledge: set.knowledge, index: { ranking }, snapshot: { file: rankingSnapshot } });
        const { snapshot: ready, seed } = pairedChildren(['snapshot', ranking, rankingSnapshot, knowledgeFile], ['seed', ranking]);
        console.log(
          [
            String(entries.length).padStart(7),
            ranking.padEnd(11),
            `${build.toFixed(0)} / ${naiveBuild.toFixed(0)} ms = ${(build / naiveBuild).toFixed(2)}×`.padEnd(28),
            `${query.p50.toFixed(2)} (${naiveQuery.p50.toFixed(2)}) ms`.padEnd(21),
            `${query.p99.toFixed(2)} (${naiveQuery.p99.toFixed(2)}) ms`.padEnd(21),
            `${ready.readyMs.toFixed(0)} / ${seed.readyMs.toFixed(0)} ms (${ready.readyMs >= seed.readyMs ? '+' : '−'}${Math.abs(ready.readyMs - seed.readyMs).toFixed(0)})`.padEnd(24),
            `${ready.heapMB.toFixed(0)} (${naiveMemory.heapMB.toFixed(0)})`.padEnd(16),
            `${ready.rssMB.toFixed(0)} (${naiveMemory.rssMB.toFixed(0)})`,
          ].join('  '),
        );
        console.log(
          `${' '.repeat(22)}p99 detail: ${query.p99AfterGc === undefined ? 'no gc() (run node --expose-gc)' : `after gc() ${query.p99AfterGc.toFixed(2)} ms`}; ` +
            `slowest 1% again, best of ${SLOW_RERUNS}: median ${query.slowRerunMedian.toFixed(2)} ms, max ${query.slowRerunMax.toFixed(2)} ms; ` +
            `GC in the pass: ${query.gcCount}, ${query.gcMs.toFixed(0)} ms in all`,
        );
      }
      console.log(`${String(entries.length).padStart(7)}  kb build (analyze once, save the snapshot with the default ranking's index): ${kbBuild.toFixed(0)} ms; snapshot ${(fs.statSync(snapshotFile).size / 2 ** 20).toFixed(1)} MB`);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') {
  childMain(process.argv.slice(3)).catch((err: unknown) => {
    console.error(`bench: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
} else {
  main().catch((err: unknown) => {
    console.error(`bench: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
