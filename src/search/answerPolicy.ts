import type { Candidate } from './faqIndex';

/**
 * The answer policy turns ranked candidates into one of three decisions:
 * answer outright, ask which one (もしかして…), or abstain honestly.
 *
 * Raw confidence is coverage × dominance, then calibrated (CALIBRATION_CURVE):
 * - coverage: IDF-weighted share of the question's terms the entry accounts for
 *   (a question about Excel shares only generic words with our entries, so it stays low);
 * - dominance: 1 when the best entry stands alone, falling towards 1 − DOMINANCE_PENALTY
 *   as the runner-up's score approaches it (its evidence, when the index gives one: `bm25`'s
 *   scores are compared through Candidate.evidence, see Bm25Evidence in faqIndex.ts).
 * BM25_ANSWER_POLICY serves the default ranking (`bm25`, the bot's): bench/fitPolicy.ts fits it on the
 * training sets E, F and G (test/fixtures/faq-training-e.jsonl, -f.jsonl, -g.jsonl) only, with A–D as test sets.
 * The DEFAULT_ constants below serve `minisearch`; they were chosen on the even lines of set A.
 * After a ranking change: `npm run build && node dist/bench/fitPolicy.js`, paste what it prints.
 */

/**
 * Calibration: raw coverage × dominance → estimated probability that the entry is right.
 * Knots of a monotone piecewise-linear curve, smoothed from an isotonic regression (PAV) of
 * top-1 correctness on the even lines of set A (bench/fitPolicy.ts's fitCalibrationCurve fits one
 * on the training set E). Never 0 or 1: a small knowledge base cannot be that sure.
 */
export const CALIBRATION_CURVE: readonly (readonly [raw: number, calibrated: number])[] = [
  [0, 0.02],
  [0.15, 0.05],
  [0.25, 0.22],
  [0.35, 0.35],
  [0.45, 0.65],
  [0.55, 0.93],
  [0.8, 0.98],
  [1, 0.99],
];

/** Calibrated confidence at or above which the best entry is answered outright. */
export const DEFAULT_ANSWER_THRESHOLD = 0.28;
/** Coverage below which an entry is not a plausible answer at all (abstain, or drop it from choices). */
export const DEFAULT_MIN_COVERAGE = 0.4;
/** A runner-up scoring at least this share of the best score is "close": the user is asked to choose. */
export const DEFAULT_CLOSE_RATIO = 0.75;
/** How much a runner-up with an equal score lowers the best entry's confidence. */
export const DEFAULT_DOMINANCE_PENALTY = 0.5;
/**
 * How much more of a question the closest out-of-scope question (knowledge/out-of-scope-questions.yaml,
 * SearchOutcome.outOfScope) must cover than the best entry for the bot to abstain as "not this desk's
 * topic". Above 0, so a tie leaves the entry: an entry that covers the whole question is always a candidate.
 */
export const DEFAULT_OUT_OF_SCOPE_MARGIN = 0.05;
/**
 * The policy of the `bm25` ranking, the bot's (FaqEngine uses it with that ranking when no policy is
 * given): fitted by bench/fitPolicy.ts (its default objective and targets) on the training sets E, F
 * and G only, with the candidates' `coordinated` evidence (faqIndex.ts, Bm25Evidence),
 * DEFAULT_BM25_SCORE_EXPONENT, DEFAULT_BM25_UNFAMILIAR_NAME_WEIGHT, DEFAULT_SERVICE_NAME_WEIGHT,
 * DEFAULT_FOREIGN_TOPIC_WEIGHT and lexicalRanking.ts's DEFAULT_SERVICE_QUERY_WEIGHT, and the Sudachi
 * expansion on. Against minisearch with the constants above it answers more of A–D correctly, and
 * abstains on 96.6% of D's out-of-scope questions (issue 12 asks 95%; BENCHMARKS.md).
 */
export const BM25_ANSWER_POLICY: Readonly<Required<AnswerPolicyOptions>> = {
  answerThreshold: 0.45,
  minCoverage: 0.35,
  closeRatio: 0.9,
  dominancePenalty: 0.9,
  outOfScopeMargin: 0.1,
  calibrationCurve: [
    [0, 0.02],
    [0.1, 0.11],
    [0.2, 0.18],
    [0.3, 0.34],
    [0.4, 0.57],
    [0.5, 0.82],
    [0.6, 0.9],
    [0.7, 0.93],
    [0.8, 0.96],
    [0.9, 0.99],
    [1, 0.99],
  ],
};
/** Most choices offered in a clarification. */
export const MAX_CLARIFY_CHOICES = 3;

export interface AnswerPolicyOptions {
  /** Confidence needed to answer outright. Default: {@link DEFAULT_ANSWER_THRESHOLD}. */
  answerThreshold?: number;
  /** Coverage needed to be considered at all. Default: {@link DEFAULT_MIN_COVERAGE}. */
  minCoverage?: number;
  /** Score ratio that makes a runner-up close. Default: {@link DEFAULT_CLOSE_RATIO}. */
  closeRatio?: number;
  /** Confidence lost to an equal runner-up. Default: {@link DEFAULT_DOMINANCE_PENALTY}. */
  dominancePenalty?: number;
  /**
   * Knots (raw, calibrated) of the calibration curve: raw from 0 to 1, both increasing or level,
   * calibrated in [0, 1]. Default: {@link CALIBRATION_CURVE}. bench/fitPolicy.ts fits one.
   */
  calibrationCurve?: readonly (readonly [raw: number, calibrated: number])[];
  /**
   * Coverage by which the closest out-of-scope question must exceed the best entry's for an abstention
   * (may be negative). Default: {@link DEFAULT_OUT_OF_SCOPE_MARGIN}.
   */
  outOfScopeMargin?: number;
}

export interface ScoredCandidate {
  readonly id: string;
  /** Calibrated confidence in [0, 1] that this entry answers the question. */
  readonly score: number;
}

export type Decision =
  | { readonly kind: 'answer'; readonly entryId: string; readonly confidence: number; readonly candidates: readonly ScoredCandidate[] }
  | { readonly kind: 'clarify'; readonly choices: readonly string[]; readonly confidence: number; readonly candidates: readonly ScoredCandidate[] }
  | {
      readonly kind: 'abstain';
      /** out-of-scope-question: an out-of-scope example question covers the question more than any entry. */
      readonly reason: 'no-terms' | 'low-confidence' | 'out-of-scope-question';
      readonly confidence: number;
      readonly candidates: readonly ScoredCandidate[];
      /** Coverage of the best candidate (low-confidence only): how much of the question the knowledge base speaks about at all. */
      readonly coverage?: number;
      /** Set by FaqEngine, which sees the analysis: the question names a topic of knowledge/out-of-scope.yaml. */
      readonly outOfScopeTopic?: boolean;
    };

export class AnswerPolicy {
  private readonly answerThreshold: number;
  private readonly minCoverage: number;
  /** Share of the best candidate's evidence from which a runner-up is close (read by kb check). */
  readonly closeRatio: number;
  private readonly dominancePenalty: number;
  private readonly curve: readonly (readonly [raw: number, calibrated: number])[];
  private readonly outOfScopeMargin: number;

  constructor(options: AnswerPolicyOptions = {}) {
    this.answerThreshold = options.answerThreshold ?? DEFAULT_ANSWER_THRESHOLD;
    this.minCoverage = options.minCoverage ?? DEFAULT_MIN_COVERAGE;
    this.closeRatio = options.closeRatio ?? DEFAULT_CLOSE_RATIO;
    this.dominancePenalty = options.dominancePenalty ?? DEFAULT_DOMINANCE_PENALTY;
    this.curve = options.calibrationCurve ?? CALIBRATION_CURVE;
    this.outOfScopeMargin = options.outOfScopeMargin ?? DEFAULT_OUT_OF_SCOPE_MARGIN;
    if (!Number.isFinite(this.outOfScopeMargin)) throw new Error(`AnswerPolicy: outOfScopeMargin must be a finite number (got ${this.outOfScopeMargin})`);
    const problem = curveProblem(this.curve);
    if (problem) throw new Error(`AnswerPolicy: calibrationCurve ${problem}`);
  }

  /**
   * The best candidate's confidence before calibration (coverage × dominance), 0 without one:
   * what a calibration curve is fitted on (bench/fitPolicy.ts).
   */
  rawConfidence(candidates: readonly Candidate[]): number {
    const [best, second] = candidates;
    return best ? this.confidence(best, second, true) : 0;
  }

  /**
   * `outOfScopeCoverage`: how much of the question the closest out-of-scope question covers
   * (SearchOutcome.outOfScope), 0 when there is none.
   */
  decide(candidates: readonly Candidate[], outOfScopeCoverage = 0): Decision {
    const [best, second] = candidates;
    if (!best || best.score <= 0) return { kind: 'abstain', reason: 'no-terms', confidence: 0, candidates: [] };
    const scored = candidates.map((c, i) => ({ id: c.id, score: round(calibrate(this.confidence(c, i === 0 ? second : best, i === 0), this.curve)) }));
    const confidence = scored[0]?.score ?? 0;
    if (best.coverage < this.minCoverage) return { kind: 'abstain', reason: 'low-confidence', confidence, candidates: scored, coverage: round(best.coverage) };
    // Checked after low coverage, so a question no entry speaks to keeps that reason. Against every
    // candidate's reach, not only the best-ranked one's: a runner-up that speaks to the whole question
    // (it would be offered as a choice) shows the question is this desk's.
    if (outOfScopeCoverage > 0 && outOfScopeCoverage >= Math.max(...candidates.map((c) => c.reach ?? c.coverage)) + this.outOfScopeMargin) {
      return { kind: 'abstain', reason: 'out-of-scope-question', confidence, candidates: scored, coverage: round(best.coverage) };
    }

    const close = candidates.filter((c) => evidenceOf(c) >= evidenceOf(best) * this.closeRatio && c.coverage >= this.minCoverage);
    if (close.length > 1) {
      return { kind: 'clarify', choices: close.slice(0, MAX_CLARIFY_CHOICES).map((c) => c.id), confidence, candidates: scored };
    }
    if (confidence >= this.answerThreshold) return { kind: 'answer', entryId: best.id, confidence, candidates: scored };
    // Plausible but weak: offer the plausible candidates rather than guess.
    const plausible = candidates.filter((c) => c.coverage >= this.minCoverage).slice(0, MAX_CLARIFY_CHOICES);
    return { kind: 'clarify', choices: plausible.map((c) => c.id), confidence, candidates: scored };
  }

  /** coverage × dominance over the strongest other candidate. */
  private confidence(candidate: Candidate, rival: Candidate | undefined, isBest: boolean): number {
    if (candidate.score <= 0) return 0;
    const own = evidenceOf(candidate);
    if (!isBest) {
      // A runner-up's confidence is scaled by how far behind it is (never above the best's).
      const ratio = rival && evidenceOf(rival) > 0 ? Math.min(1, own / evidenceOf(rival)) : 1;
      return candidate.coverage * ratio * (1 - this.dominancePenalty);
    }
    // Best without evidence of its own (no word or bigram in common): a rival is as strong.
    const ratio = rival ? (own > 0 ? Math.min(1, evidenceOf(rival) / own) : 1) : 0;
    return candidate.coverage * (1 - this.dominancePenalty * ratio * ratio);
  }
}

/** What the policy compares between candidates: their evidence when the index gives one, else their score. */
function evidenceOf(candidate: Candidate): number {
  return candidate.evidence ?? candidate.score;
}

/** Piecewise-linear interpolation on a calibration curve (default CALIBRATION_CURVE). */
export function calibrate(raw: number, curve: readonly (readonly [raw: number, calibrated: number])[] = CALIBRATION_CURVE): number {
  const x = Math.min(1, Math.max(0, raw));
  for (let i = 1; i < curve.length; i++) {
    const [x1, y1] = curve[i] as readonly [number, number];
    const [x0, y0] = curve[i - 1] as readonly [number, number];
    if (x <= x1) return x1 === x0 ? y1 : y0 + ((x - x0) / (x1 - x0)) * (y1 - y0);
  }
  return curve[curve.length - 1]?.[1] ?? x;
}

/** What is wrong with a calibration curve, or undefined when it is usable. */
function curveProblem(curve: readonly (readonly [number, number])[]): string | undefined {
  if (curve.length < 2 || curve[0]?.[0] !== 0 || curve[curve.length - 1]?.[0] !== 1) return 'must have at least two knots, the first at raw 0 and the last at raw 1';
  for (let i = 0; i < curve.length; i++) {
    const [x, y] = curve[i] as readonly [number, number];
    if (!(y >= 0 && y <= 1)) return `must map into [0, 1] (knot ${i}: ${y})`;
    const previous = curve[i - 1];
    if (previous && !(x >= previous[0] && y >= previous[1])) return `must not decrease (knot ${i})`;
  }
  return undefined;
}

function round(x: number): number {
  return Math.round(Math.min(1, Math.max(0, x)) * 1000) / 1000;
}
