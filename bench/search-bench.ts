/**
 * npm run bench: analyzer and search latency (p50, p99), worst-case long input,
 * start-up time to ready, and RSS. Prints numbers; asserts nothing.
 * A raw kuromoji tokenize of the same questions, measured in the same run, is the baseline:
 * these machines are noisy, so ratios travel better than milliseconds.
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import kuromoji from 'kuromoji';
import { defaultKnowledgeDir } from '../src/kb/loader';
import { FaqEngine } from '../src/search/faqEngine';

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
  const engine = await FaqEngine.create({ knowledgeDir: defaultKnowledgeDir() });
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
}

main().catch((err: unknown) => {
  console.error(`bench: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
