import fs from 'node:fs';
import { z } from 'zod';
import type { FaqEngine } from '../search/faqEngine';
import { evaluate, toAskRecord, type GradedQuestion } from '../search/evaluate';
import type { CliIo } from './io';

const gradedSchema = z.object({ q: z.string(), ids: z.array(z.string()) });

/** Reads a graded JSONL file; every bad line is reported with its number. */
export function readGradedFile(file: string): { ok: true; questions: GradedQuestion[] } | { ok: false; errors: string[] } {
  const questions: GradedQuestion[] = [];
  const errors: string[] = [];
  fs.readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (line.trim() === '') return;
      let data: unknown;
      try {
        data = JSON.parse(line);
      } catch {
        errors.push(`madoguchi eval: ${file}:${i + 1}: not valid JSON`);
        return;
      }
      const parsed = gradedSchema.safeParse(data);
      if (parsed.success) questions.push(parsed.data);
      else errors.push(`madoguchi eval: ${file}:${i + 1}: expected {"q": string, "ids": string[]}`);
    });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, questions };
}

/** `madoguchi eval FILE.jsonl [--json] [--failures] [--lines=even|odd]`. */
export async function evalCommand(engine: FaqEngine, args: readonly string[], io: CliIo): Promise<number> {
  const file = args.find((a) => !a.startsWith('--'));
  if (!file || !fs.existsSync(file)) {
    io.err(`madoguchi eval: give a readable JSONL file of {"q": "…", "ids": ["…"]} lines${file ? ` (not found: ${file})` : ''}`);
    return 2;
  }
  const read = readGradedFile(file);
  if (!read.ok) {
    read.errors.forEach((e) => io.err(e));
    return 2;
  }
  for (const g of read.questions) {
    for (const id of g.ids) if (!engine.entry(id)) io.err(`madoguchi eval: unknown entry id "${id}" in ${file}`);
  }
  // --lines=even|odd: tune on one half, report the other. Lines are counted from 0, like the
  // benchmark query ids, so "even" starts with the first line.
  const half = args.find((a) => a.startsWith('--lines='))?.slice('--lines='.length);
  if (half !== undefined && half !== 'even' && half !== 'odd') {
    io.err('madoguchi eval: --lines must be even or odd');
    return 2;
  }
  const questions = half === undefined ? read.questions : read.questions.filter((_, i) => i % 2 === (half === 'even' ? 0 : 1));
  const report = evaluate(questions.map((graded) => ({ graded, record: toAskRecord(graded.q, engine.ask(graded.q).decision) })));
  if (args.includes('--json')) {
    const { failures, ...figures } = report;
    io.out(JSON.stringify(args.includes('--failures') ? report : figures));
    void failures;
    return 0;
  }
  const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
  io.out(`questions:                 ${report.inScope} in scope, ${report.outOfScope} out of scope`);
  io.out(`top-1 (ranking):           ${pct(report.top1)}`);
  io.out(`top-3 (ranking):           ${pct(report.top3)}`);
  io.out(`MRR:                       ${report.mrr.toFixed(3)}`);
  io.out(`answered correctly:        ${pct(report.answeredCorrectly)}`);
  io.out(`answered wrongly:          ${pct(report.answeredWrongly)}`);
  io.out(`Brier (confidence):        ${report.brier.toFixed(4)}`);
  io.out(`clarified (with correct):  ${pct(report.clarifiedWithCorrect)}`);
  io.out(`in scope wrongly abstained:${pct(report.inScopeAbstained).padStart(7)}`);
  io.out(`out of scope abstained:    ${pct(report.outOfScopeAbstained)}`);
  io.out(`out of scope answered:     ${pct(report.outOfScopeAnswered)}`);
  if (args.includes('--failures')) {
    for (const f of report.failures) {
      const got = f.got.answerId ?? (f.got.clarify.length > 0 ? `clarify[${f.got.clarify.join(',')}]` : 'abstain');
      io.out(`  ✗ ${f.q}  expected=${f.expected.join(',') || 'out-of-scope'}  got=${got}  top=${f.got.candidates.slice(0, 2).map((c) => `${c.id}:${c.score}`).join(' ')}`);
    }
  }
  return 0;
}
