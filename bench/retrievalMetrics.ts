/**
 * Ranked-retrieval metrics for offline benchmarks, as the TREC-style collections define them:
 * Recall@k is the share of a query's judged documents (grade ≥ 1) found in the first k results;
 * nDCG@k uses gain 2^grade − 1 and a log2(rank + 1) discount, normalized by the ideal ranking
 * of the judged documents. SR@k (success rate) is the share of queries with at least one relevant
 * document in the first k; MRR@k the mean reciprocal rank of the first relevant one (0 past k).
 */

/** Relevance judgments of one query: document id → grade (0 or absent = not relevant). */
export type Judgments = Readonly<Record<string, number>>;

/** Grade from which a document counts as relevant. */
export const MIN_RELEVANT_GRADE = 1;

/** Ranked ids with repeats removed (first occurrence kept): a document found twice is found once. */
function distinctTopK(ranked: readonly string[], k: number): string[] {
  const seen = new Set<string>();
  for (const id of ranked) {
    if (seen.size >= k) break;
    seen.add(id);
  }
  return [...seen];
}

function relevantIds(judged: Judgments): string[] {
  return Object.keys(judged).filter((id) => (judged[id] ?? 0) >= MIN_RELEVANT_GRADE);
}

/** Share of the query's relevant documents found in the first k results; 0 when nothing is judged relevant. */
export function recallAtK(ranked: readonly string[], judged: Judgments, k: number): number {
  const relevant = relevantIds(judged);
  if (relevant.length === 0) return 0;
  const top = new Set(distinctTopK(ranked, k));
  return relevant.filter((id) => top.has(id)).length / relevant.length;
}

/** Gain of a grade: 2^grade − 1, so a correct answer (2) weighs three times a related one (1). */
export function gain(grade: number): number {
  return grade >= MIN_RELEVANT_GRADE ? 2 ** grade - 1 : 0;
}

/** Discounted cumulative gain of grades listed in rank order (rank 1 first), cut at k. */
export function dcg(grades: readonly number[], k: number): number {
  let sum = 0;
  grades.slice(0, k).forEach((grade, i) => {
    sum += gain(grade) / Math.log2(i + 2);
  });
  return sum;
}

/** nDCG@k of one ranking; 0 when nothing is judged relevant. */
export function ndcgAtK(ranked: readonly string[], judged: Judgments, k: number): number {
  const ideal = dcg(
    relevantIds(judged)
      .map((id) => judged[id] ?? 0)
      .sort((a, b) => b - a),
    k,
  );
  if (ideal === 0) return 0;
  return dcg(distinctTopK(ranked, k).map((id) => judged[id] ?? 0), k) / ideal;
}

/** 1 when a relevant document is among the first k results, else 0. */
export function successAtK(ranked: readonly string[], judged: Judgments, k: number): number {
  return distinctTopK(ranked, k).some((id) => (judged[id] ?? 0) >= MIN_RELEVANT_GRADE) ? 1 : 0;
}

/** 1 / rank of the first relevant document within the first k results; 0 when there is none. */
export function reciprocalRankAtK(ranked: readonly string[], judged: Judgments, k: number): number {
  const i = distinctTopK(ranked, k).findIndex((id) => (judged[id] ?? 0) >= MIN_RELEVANT_GRADE);
  return i < 0 ? 0 : 1 / (i + 1);
}

/** Mean figures over a set of queries. */
export interface RunScores {
  /** Queries averaged (those with at least one relevant judgment). */
  readonly queries: number;
  /** Queries left out because nothing is judged relevant for them. */
  readonly unjudged: number;
  readonly recall: number;
  readonly ndcg: number;
  /** SR@1: share of queries whose first result is relevant. */
  readonly success1: number;
  /** SR@5. */
  readonly success5: number;
  /** MRR@k. */
  readonly mrr: number;
}

/**
 * Averages Recall@k and nDCG@k over the queries of `runs` (query id → ranked document ids).
 * A query with no relevant judgment is left out of the mean, as trec_eval does, and counted.
 */
export function scoreRun(runs: ReadonlyMap<string, readonly string[]>, qrels: Readonly<Record<string, Judgments>>, k: number): RunScores {
  let queries = 0;
  let unjudged = 0;
  let recall = 0;
  let ndcg = 0;
  let success1 = 0;
  let success5 = 0;
  let mrr = 0;
  for (const [queryId, ranked] of runs) {
    const judged = qrels[queryId] ?? {};
    if (relevantIds(judged).length === 0) {
      unjudged++;
      continue;
    }
    queries++;
    recall += recallAtK(ranked, judged, k);
    ndcg += ndcgAtK(ranked, judged, k);
    success1 += successAtK(ranked, judged, 1);
    success5 += successAtK(ranked, judged, Math.min(5, k));
    mrr += reciprocalRankAtK(ranked, judged, k);
  }
  const mean = (x: number): number => (queries === 0 ? 0 : x / queries);
  return { queries, unjudged, recall: mean(recall), ndcg: mean(ndcg), success1: mean(success1), success5: mean(success5), mrr: mean(mrr) };
}

/** Nearest-rank percentile (p in 0–100) of values sorted ascending; 0 for no values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? 0;
}
