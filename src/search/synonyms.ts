/**
 * Synonym table: rewrites every writing of a word to its group's canonical term,
 * after analysis, so "ログイン" in a question and "サインイン" in an answer meet.
 *
 * Groups come from `knowledge/synonyms.yaml`; each word is analyzed the same way as
 * the text it will meet, so a word kuromoji splits in two (サイン/イン) still matches
 * as a phrase.
 */
export type SynonymGroups = readonly (readonly string[])[];

/** Longest phrase (in terms) a synonym may span; longer ones are rejected at load. */
export const MAX_SYNONYM_PHRASE_TERMS = 4;

export class SynonymTable {
  /** phrase (terms joined by a space) → canonical term */
  private readonly phrases = new Map<string, string>();
  private longest = 1;

  /**
   * @param groups groups of words, canonical first
   * @param analyze turns one word into its terms (the analyzer without synonyms)
   */
  constructor(groups: SynonymGroups, analyze: (word: string) => string[]) {
    for (const group of groups) {
      const [first] = group;
      if (first === undefined) continue;
      const canonical = analyze(first).join('');
      if (canonical === '') continue;
      for (const word of group) {
        const terms = analyze(word);
        if (terms.length === 0 || terms.length > MAX_SYNONYM_PHRASE_TERMS) continue;
        const key = terms.join(' ');
        // First group wins: a word listed twice keeps its first meaning, as authors read the file top-down.
        if (!this.phrases.has(key)) this.phrases.set(key, canonical);
        this.longest = Math.max(this.longest, terms.length);
      }
    }
  }

  /** Every canonical term (the term each group's words are rewritten to). */
  canonicalTerms(): ReadonlySet<string> {
    return new Set(this.phrases.values());
  }

  /** True when this one term is a word of some group (a phrase of one term). */
  lists(term: string): boolean {
    return this.phrases.has(term);
  }

  /** Rewrites a term sequence, longest phrase first; a phrase keeps its first item's other fields. */
  apply<T extends { term: string }>(items: readonly T[]): T[] {
    const terms = items.map((i) => i.term);
    const out: T[] = [];
    let i = 0;
    while (i < terms.length) {
      let matched = false;
      for (let len = Math.min(this.longest, terms.length - i); len >= 1; len--) {
        const canonical = this.phrases.get(terms.slice(i, i + len).join(' '));
        if (canonical !== undefined) {
          out.push({ ...(items[i] as T), term: canonical });
          i += len;
          matched = true;
          break;
        }
      }
      if (!matched) {
        out.push(items[i] as T);
        i += 1;
      }
    }
    return out;
  }
}
