import { AnswerPolicy, DEFAULT_CLOSE_RATIO, type AnswerPolicyOptions, type ScoredCandidate } from '../search/answerPolicy';
import type { FaqEngine } from '../search/faqEngine';
import type { Candidate } from '../search/faqIndex';
import { questionKey } from './import/entryDraft';

/**
 * Entries that compete (`madoguchi kb check`): every entry's question and alternates are
 * searched, and a phrasing the search gives to another entry, or answers with a もしかして
 * between its entry and another, is a warning; so is a pair of entries that several phrasings
 * confuse, or that confuse each other both ways.
 *
 * Why not FaqEngine.ask: it answers a phrasing an author wrote for exactly one entry with that
 * entry, whatever the scores say, so every alternate "works" as typed. What matters is what the
 * ranking does with it, because that is what a typo or one more word away from it gets. So each
 * phrasing goes through the engine's index (`engine.index.search`) and the answer policy
 * (AnswerPolicy, with the engine's defaults unless `policy` says otherwise): the ranking and the
 * decision without the exact-phrasing rule. A phrasing two entries share is reported as such,
 * since the engine then falls back to the ranking for it.
 */

/** A pair of entries is "hard to separate" when at least this many phrasings confuse them, or they confuse each other both ways. */
export const MIN_CONFUSIONS_FOR_PAIR = 2;

export type PhrasingConflictKind =
  /** The search ranks another entry first. */
  | 'ranks-other-first'
  /** The entry ranks first, but the policy asks もしかして between it and others. */
  | 'clarified'
  /** The same phrasing (normalized) is written in another entry too. */
  | 'shared';

export interface PhrasingConflict {
  readonly kind: PhrasingConflictKind;
  /** The entry the phrasing belongs to. */
  readonly entryId: string;
  readonly field: 'question' | 'alternate';
  readonly text: string;
  /** The entries it is confused with: the one ranked first, the other choices, or the other owner. */
  readonly others: readonly string[];
  /** Calibrated scores (as `madoguchi ask` shows them) of the candidates involved, by id. */
  readonly scores: Readonly<Record<string, number>>;
  /**
   * Search evidence (Candidate.evidence, else the score) of the candidates involved as a share of the
   * best one's, by id: what the policy compares with its close ratio to ask もしかして rather than answer.
   */
  readonly relative: Readonly<Record<string, number>>;
}

/**
 * An out-of-scope question (knowledge/out-of-scope-questions.yaml) the entries would answer or offer
 * as a choice: an entry covers it as much as it covers itself, so it cannot stop a question worded
 * like it, and it may be this desk's topic after all.
 */
export interface OutOfScopeConflict {
  readonly question: string;
  /** The entry answered, or the choices offered. */
  readonly entries: readonly string[];
}

export interface EntryPairConflict {
  /** The two ids, in alphabetical order. */
  readonly entries: readonly [string, string];
  /** Phrasings of either entry that confuse the two. */
  readonly phrasings: number;
  /** Phrasings of each entry that went to the other (or to a もしかして with it), by entry id. */
  readonly byEntry: Readonly<Record<string, number>>;
}

export interface ConflictReport {
  readonly entries: number;
  /** Phrasings searched (questions and alternates). */
  readonly phrasings: number;
  readonly conflicts: readonly PhrasingConflict[];
  readonly pairs: readonly EntryPairConflict[];
  /** Out-of-scope questions the entries answer (absent in reports made before there were any). */
  readonly outOfScope?: readonly OutOfScopeConflict[];
  /** The close ratio of the policy replayed (absent in older reports: DEFAULT_CLOSE_RATIO). */
  readonly closeRatio?: number;
}

export interface ConflictOptions {
  /** A policy to replay instead of the engine's own. Default: the engine's (FaqEngine.policy). */
  readonly policy?: AnswerPolicyOptions;
  /** Pair threshold; default MIN_CONFUSIONS_FOR_PAIR. */
  readonly minConfusionsForPair?: number;
}

/** Searches every phrasing of every entry; slow only as the search is (a few ms each). */
export function findConflicts(engine: FaqEngine, options: ConflictOptions = {}): ConflictReport {
  const policy = options.policy ? new AnswerPolicy(options.policy) : engine.policy;
  const entries = engine.kb.entries;
  const owners = new Map<string, string[]>();
  for (const entry of entries) {
    for (const text of [entry.question, ...entry.alternates]) {
      const key = questionKey(text);
      const list = owners.get(key) ?? [];
      if (!list.includes(entry.id)) list.push(entry.id);
      owners.set(key, list);
    }
  }

  const conflicts: PhrasingConflict[] = [];
  let phrasings = 0;
  for (const entry of entries) {
    const texts: { text: string; field: PhrasingConflict['field'] }[] = [
      { text: entry.question, field: 'question' },
      ...entry.alternates.map((text) => ({ text, field: 'alternate' as const })),
    ];
    for (const { text, field } of texts) {
      phrasings++;
      const base = { entryId: entry.id, field, text };
      const sharedWith = (owners.get(questionKey(text)) ?? []).filter((id) => id !== entry.id);
      if (sharedWith.length > 0) conflicts.push({ ...base, kind: 'shared', others: sharedWith, scores: {}, relative: {} });
      // Without the out-of-scope questions: an entry covers all of its own phrasing, which none outweighs.
      const { candidates } = engine.index.search(text);
      const decision = policy.decide(candidates);
      const top = candidates[0];
      if (!top || top.score <= 0) continue;
      const involved = (ids: readonly string[]) => ({ scores: scoresOf(decision.candidates, ids), relative: relativeScores(candidates, ids) });
      if (top.id !== entry.id) {
        conflicts.push({ ...base, kind: 'ranks-other-first', others: [top.id], ...involved([top.id, entry.id]) });
      } else if (decision.kind === 'clarify' && decision.choices.length > 1) {
        const others = decision.choices.filter((id) => id !== entry.id);
        conflicts.push({ ...base, kind: 'clarified', others, ...involved([entry.id, ...others]) });
      }
    }
  }
  const outOfScope: OutOfScopeConflict[] = [];
  for (const question of engine.kb.outOfScopeQuestions ?? []) {
    const { candidates, outOfScope: closest } = engine.index.search(question);
    const decision = policy.decide(candidates, closest?.coverage);
    if (decision.kind === 'answer') outOfScope.push({ question, entries: [decision.entryId] });
    else if (decision.kind === 'clarify') outOfScope.push({ question, entries: decision.choices });
  }
  return { entries: entries.length, phrasings, conflicts, pairs: entryPairs(conflicts, options.minConfusionsForPair ?? MIN_CONFUSIONS_FOR_PAIR), outOfScope, closeRatio: policy.closeRatio };
}

/** Pairs confused by enough phrasings, or both ways. */
function entryPairs(conflicts: readonly PhrasingConflict[], minConfusions: number): EntryPairConflict[] {
  const pairs = new Map<string, { entries: [string, string]; byEntry: Record<string, number>; phrasings: number; seen: Set<string> }>();
  for (const conflict of conflicts) {
    for (const other of conflict.others) {
      const sorted: [string, string] = conflict.entryId < other ? [conflict.entryId, other] : [other, conflict.entryId];
      const key = sorted.join('\u0000');
      const pair = pairs.get(key) ?? { entries: sorted, byEntry: { [sorted[0]]: 0, [sorted[1]]: 0 }, phrasings: 0, seen: new Set<string>() };
      pairs.set(key, pair);
      // A phrasing both shared and ranked to the other entry confuses the pair once.
      const phrasing = `${conflict.entryId}\u0000${conflict.text}`;
      if (pair.seen.has(phrasing)) continue;
      pair.seen.add(phrasing);
      pair.byEntry[conflict.entryId] = (pair.byEntry[conflict.entryId] ?? 0) + 1;
      pair.phrasings++;
    }
  }
  return [...pairs.values()]
    .filter((p) => p.phrasings >= minConfusions || Object.values(p.byEntry).every((n) => n > 0))
    .sort((a, b) => b.phrasings - a.phrasings || a.entries.join().localeCompare(b.entries.join()))
    .map(({ entries, byEntry, phrasings }) => ({ entries, byEntry, phrasings }));
}

/** Each id's evidence (else score) over the best one's, rounded to 2 places: what the close ratio is compared with. */
function relativeScores(candidates: readonly Candidate[], ids: readonly string[]): Record<string, number> {
  const evidence = (c: Candidate): number => c.evidence ?? c.score;
  const best = candidates[0] ? evidence(candidates[0]) : 0;
  const relative: Record<string, number> = {};
  for (const id of ids) {
    const candidate = candidates.find((c) => c.id === id);
    if (candidate && best > 0) relative[id] = Math.round((evidence(candidate) / best) * 100) / 100;
  }
  return relative;
}

function scoresOf(candidates: readonly ScoredCandidate[], ids: readonly string[]): Record<string, number> {
  const scores: Record<string, number> = {};
  for (const id of ids) {
    const candidate = candidates.find((c) => c.id === id);
    if (candidate) scores[id] = candidate.score;
  }
  return scores;
}

/** The warnings as `kb check` prints them, then one summary line. */
export function formatConflicts(report: ConflictReport): string[] {
  const closeRatio = report.closeRatio ?? DEFAULT_CLOSE_RATIO;
  const lines = report.conflicts.map((c) => {
    const what = `${c.field} 「${c.text}」`;
    switch (c.kind) {
      case 'ranks-other-first': {
        const [other = ''] = c.others;
        const own = c.scores[c.entryId];
        return `kb check: ${c.entryId}: ${what} ranks ${other} first (score ${score(c.scores[other])}; ${c.entryId} ${own === undefined ? 'not in the top candidates' : score(own)})`;
      }
      case 'clarified': {
        const close = c.others.map((id) => `${id} at ${(c.relative[id] ?? 0).toFixed(2)}`).join(', ');
        return `kb check: ${c.entryId}: ${what} is answered with a clarification between ${listed([c.entryId, ...c.others])} (${close} of the top search score; a clarification from ${closeRatio.toFixed(2)})`;
      }
      case 'shared':
        return `kb check: ${c.entryId}: ${what} is also written in ${c.others.join(', ')} (an exact phrasing two entries share is left to the ranking)`;
    }
  });
  for (const pair of report.pairs) {
    const [a, b] = pair.entries;
    lines.push(`kb check: ${a} and ${b} are hard to tell apart: ${pair.phrasings} phrasing(s) confuse them (${a}: ${pair.byEntry[a] ?? 0}, ${b}: ${pair.byEntry[b] ?? 0})`);
  }
  const outOfScope = report.outOfScope ?? [];
  for (const o of outOfScope) {
    lines.push(`kb check: out-of-scope question 「${o.question}」 is ${o.entries.length === 1 ? `answered by ${o.entries[0] ?? ''}` : `answered with a clarification between ${listed(o.entries)}`}: the entries cover it as much as it covers itself, so it stops nothing (is it this desk's topic? else reword it with the other service's words)`);
  }
  const warnings = report.conflicts.length + report.pairs.length + outOfScope.length;
  const outOfScopePart = outOfScope.length === 0 ? '' : `, ${outOfScope.length} out-of-scope question(s) the entries answer`;
  lines.push(
    warnings === 0
      ? `kb check: no competing entries (${report.phrasings} phrasings of ${report.entries} entries searched)`
      : `kb check: ${warnings} warning(s): ${report.conflicts.length} competing phrasing(s), ${report.pairs.length} entry pair(s) hard to tell apart${outOfScopePart} (${report.phrasings} phrasings of ${report.entries} entries searched)`,
  );
  return lines;
}

/** a, b and c */
function listed(ids: readonly string[]): string {
  return ids.length <= 1 ? ids.join('') : `${ids.slice(0, -1).join(', ')} and ${ids[ids.length - 1]}`;
}

function score(value: number | undefined): string {
  return value === undefined ? '?' : value.toFixed(3);
}
