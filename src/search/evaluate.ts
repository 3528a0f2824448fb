import type { Decision } from './answerPolicy';

/** One graded question: `ids` are the correct entries; empty means out of scope. */
export interface GradedQuestion {
  readonly q: string;
  readonly ids: readonly string[];
}

/** The stable per-question record of `madoguchi ask --json/--jsonl` and of evaluations. */
export interface AskRecord {
  readonly query: string;
  /** Entry answered outright, or null when the bot would clarify or abstain. */
  readonly answerId: string | null;
  /** Choices offered when the bot asks which one; empty otherwise. */
  readonly clarify: readonly string[];
  readonly candidates: readonly { readonly id: string; readonly score: number }[];
}

export function toAskRecord(query: string, decision: Decision): AskRecord {
  return {
    query,
    answerId: decision.kind === 'answer' ? decision.entryId : null,
    clarify: decision.kind === 'clarify' ? [...decision.choices] : [],
    candidates: decision.candidates.map((c) => ({ id: c.id, score: c.score })),
  };
}

export interface EvalReport {
  readonly inScope: number;
  readonly outOfScope: number;
  /** Share of in-scope questions whose best-ranked candidate is correct. */
  readonly top1: number;
  /** Share of in-scope questions with a correct entry in the first three candidates. */
  readonly top3: number;
  /** Mean reciprocal rank of the first correct candidate (in scope). */
  readonly mrr: number;
  /** Share of in-scope questions answered outright with a correct entry. */
  readonly answeredCorrectly: number;
  /** Share of in-scope questions answered outright with a wrong entry. */
  readonly answeredWrongly: number;
  /** Share of in-scope questions that got a clarification containing a correct entry. */
  readonly clarifiedWithCorrect: number;
  /** Share of out-of-scope questions the bot abstained on (no answer, no clarification). */
  readonly outOfScopeAbstained: number;
  /** Share of out-of-scope questions answered outright (the worst failure). */
  readonly outOfScopeAnswered: number;
  /** Share of in-scope questions the bot abstained on. */
  readonly inScopeAbstained: number;
  /**
   * Brier score of the confidence, over every question (in and out of scope): the mean of
   * (p − o)², where p is the engine's confidence in its best-ranked entry (the calibrated score of
   * the first candidate, which is the answer's confidence when it answers outright; 0 with no
   * candidate) and o is 1 when that entry is correct, else 0 (out of scope: never correct).
   * 0 is perfect; always saying 0.5 scores 0.25. See {@link brierScore}.
   */
  readonly brier: number;
  readonly failures: readonly { readonly q: string; readonly expected: readonly string[]; readonly got: AskRecord }[];
}

/**
 * The forecast and the outcome one question contributes to the Brier score: the confidence the
 * engine puts in its best-ranked entry (AnswerPolicy's calibrated estimate that the entry is right;
 * it is the answer's confidence when it answers outright, and the top candidate's when it asks or
 * abstains) and whether that entry is correct.
 */
export function confidenceOutcome(graded: GradedQuestion, record: AskRecord): { readonly confidence: number; readonly correct: boolean } {
  const top = record.candidates[0];
  return { confidence: top?.score ?? 0, correct: top !== undefined && graded.ids.includes(top.id) };
}

/** Mean squared difference between forecasts in [0, 1] and outcomes (true = 1); 0 when there are none. */
export function brierScore(forecasts: readonly { readonly confidence: number; readonly correct: boolean }[]): number {
  if (forecasts.length === 0) return 0;
  const sum = forecasts.reduce((total, f) => total + (f.confidence - (f.correct ? 1 : 0)) ** 2, 0);
  return sum / forecasts.length;
}

export function evaluate(pairs: readonly { graded: GradedQuestion; record: AskRecord }[]): EvalReport {
  const inScope = pairs.filter((p) => p.graded.ids.length > 0);
  const outOfScope = pairs.filter((p) => p.graded.ids.length === 0);
  const share = (n: number, d: number): number => (d === 0 ? 0 : Math.round((n / d) * 10_000) / 10_000);
  let top1 = 0, top3 = 0, rr = 0, correct = 0, wrong = 0, clarified = 0, inAbstained = 0;
  const failures: EvalReport['failures'][number][] = [];
  for (const { graded, record } of inScope) {
    const rank = record.candidates.findIndex((c) => graded.ids.includes(c.id));
    if (rank === 0) top1++;
    if (rank >= 0 && rank < 3) top3++;
    if (rank >= 0) rr += 1 / (rank + 1);
    if (record.answerId !== null) {
      if (graded.ids.includes(record.answerId)) correct++;
      else wrong++;
    } else if (record.clarify.length > 0) {
      if (record.clarify.some((id) => graded.ids.includes(id))) clarified++;
    } else inAbstained++;
    if (record.answerId === null || !graded.ids.includes(record.answerId)) failures.push({ q: graded.q, expected: graded.ids, got: record });
  }
  let abstained = 0, answered = 0;
  for (const { graded, record } of outOfScope) {
    if (record.answerId === null && record.clarify.length === 0) abstained++;
    else failures.push({ q: graded.q, expected: [], got: record });
    if (record.answerId !== null) answered++;
  }
  return {
    inScope: inScope.length,
    outOfScope: outOfScope.length,
    top1: share(top1, inScope.length),
    top3: share(top3, inScope.length),
    mrr: share(rr, inScope.length),
    answeredCorrectly: share(correct, inScope.length),
    answeredWrongly: share(wrong, inScope.length),
    clarifiedWithCorrect: share(clarified, inScope.length),
    outOfScopeAbstained: share(abstained, outOfScope.length),
    outOfScopeAnswered: share(answered, outOfScope.length),
    inScopeAbstained: share(inAbstained, inScope.length),
    brier: Math.round(brierScore(pairs.map((p) => confidenceOutcome(p.graded, p.record))) * 10_000) / 10_000,
    failures,
  };
}
