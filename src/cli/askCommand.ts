import type { FaqEngine } from '../search/faqEngine';
import { toAskRecord } from '../search/evaluate';
import type { CliIo } from './io';

/** `madoguchi ask [--json|--jsonl] "質問"`: what the bot would do with a question. */
export async function askCommand(engine: FaqEngine, args: readonly string[], io: CliIo): Promise<number> {
  const json = args.includes('--json');
  const jsonl = args.includes('--jsonl');
  const question = args.filter((a) => !a.startsWith('--')).join(' ');
  if (jsonl) {
    for await (const line of io.lines()) {
      // One line in, one line out, in order: a blank line still gets its record so callers can zip.
      io.out(JSON.stringify(toAskRecord(line, engine.ask(line).decision)));
    }
    return 0;
  }
  if (question.trim() === '') {
    io.err('madoguchi ask: give a question, e.g. madoguchi ask "パスワードを忘れました", or use --jsonl with questions on stdin');
    return 2;
  }
  const result = engine.ask(question);
  if (json) {
    io.out(JSON.stringify({ ...toAskRecord(question, result.decision), decision: result.decision.kind, confidence: result.decision.confidence, terms: result.analysis.terms }));
    return 0;
  }
  const d = result.decision;
  const verdict =
    d.kind === 'answer' ? `answer → ${d.entryId}` : d.kind === 'clarify' ? `clarify → ${d.choices.join(', ')}` : `abstain (${d.reason})`;
  io.out(`question:   ${question}`);
  io.out(`terms:      ${result.analysis.terms.join(' ') || '(none)'}`);
  io.out(`decision:   ${verdict}  (confidence ${d.confidence.toFixed(3)})`);
  io.out('candidates:');
  d.candidates.forEach((c, i) => io.out(`  ${i + 1}. ${c.score.toFixed(3)}  ${c.id}  ${engine.entry(c.id)?.question ?? ''}`));
  return 0;
}
