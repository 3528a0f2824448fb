import { charNgrams, gramSource } from '../search/normalize';

/** Two questions whose character-bigram sets overlap at least this much (Jaccard) are one knowledge gap. */
export const DEFAULT_SIMILARITY_THRESHOLD = 0.35;

export interface QuestionGroup {
  /** How many times questions of this group were asked. */
  readonly count: number;
  /** The most asked wording (shortest on a tie). */
  readonly representative: string;
  /** Distinct wordings, most asked first. */
  readonly examples: readonly string[];
}

/** Jaccard similarity of the questions' character bigrams (kana unified, punctuation dropped). */
export function bigramJaccard(a: string, b: string): number {
  const A = new Set(charNgrams(gramSource(a), 2));
  const B = new Set(charNgrams(gramSource(b), 2));
  if (A.size === 0 && B.size === 0) return 1;
  let shared = 0;
  for (const g of A) if (B.has(g)) shared++;
  return shared / (A.size + B.size - shared);
}

/**
 * Groups questions by single-link clustering: two questions are in one group when a chain
 * of pairs each at least `threshold` similar joins them. Groups come largest first.
 * Quadratic in distinct questions, fine for the few thousand a report reads.
 */
export function groupSimilarQuestions(questions: readonly string[], threshold = DEFAULT_SIMILARITY_THRESHOLD): QuestionGroup[] {
  const counts = new Map<string, number>();
  for (const q of questions) {
    const t = q.trim();
    if (t !== '') counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  const distinct = [...counts.keys()];
  const parent = distinct.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i] as number] as number;
      i = parent[i] as number;
    }
    return i;
  };
  for (let i = 0; i < distinct.length; i++) {
    for (let j = i + 1; j < distinct.length; j++) {
      if (bigramJaccard(distinct[i] as string, distinct[j] as string) >= threshold) parent[find(i)] = find(j);
    }
  }
  const members = new Map<number, string[]>();
  distinct.forEach((q, i) => {
    const root = find(i);
    members.set(root, [...(members.get(root) ?? []), q]);
  });
  const byUse = (a: string, b: string) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0) || a.length - b.length || a.localeCompare(b);
  return [...members.values()]
    .map((qs) => {
      const examples = [...qs].sort(byUse);
      return { count: qs.reduce((n, q) => n + (counts.get(q) ?? 0), 0), representative: examples[0] as string, examples };
    })
    .sort((a, b) => b.count - a.count || a.representative.localeCompare(b.representative));
}
