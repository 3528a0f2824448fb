import type { OutcomeEvent } from '../../dialogs/outcomes';
import { RedactionTags, redact } from '../../dialogs/privacy/redact';
import type { EventRecord } from '../telemetry/eventLog';
import { questionKey } from './import/entryDraft';
import type { KnowledgeBase } from './schema';

/**
 * New alternates from the event log (`madoguchi kb suggest`), for a person to accept: nothing
 * is written to the knowledge base.
 *
 * What the log holds decides what can be proposed. Of the outcome events
 * (dialogs/outcomes.ts), only `abstained` carries the question as typed (redacted); `answered`
 * and `clarified` carry entry ids only. So:
 * - (b) a question the bot abstained on, followed in the same conversation (within
 *   MAX_REPHRASE_TURNS questions and REPHRASE_WINDOW_MS) by an answer with at least
 *   MIN_REPHRASE_CONFIDENCE and no 役に立たなかった for it, is proposed as an alternate of the
 *   entry that answered (the user said it another way, or picked it from a もしかして);
 * - (a) a clarification resolved by a choice (a `clarified` whose next question is an `answered`
 *   of one of its choices, within REPHRASE_WINDOW_MS, and no 役に立たなかった) cannot give a wording, since the
 *   clarified question is not in the log: those are counted per chosen entry and choice set, which
 *   shows which entries people had to choose between, and nothing more.
 * Texts are redacted again on the way out (dialogs/privacy/redact.ts), as `report` does.
 */

/** How long after an abstention an answer still counts as the answer to the rephrased question. */
export const REPHRASE_WINDOW_MS = 5 * 60_000;
/** How many questions (answered, clarified or abstained events) after an abstention are looked at for its answer. */
export const MAX_REPHRASE_TURNS = 3;
/** A clarification is resolved by a choice only when the very next question is the chosen answer. */
export const MAX_CLARIFICATION_TURNS = 1;
/**
 * Least confidence of the answer that resolves an abstention: well above the answer threshold
 * (DEFAULT_ANSWER_THRESHOLD 0.28), so a lucky guess is not taken for "the entry that helped".
 * A choice picked from a もしかして is recorded with confidence 1.
 */
export const MIN_REPHRASE_CONFIDENCE = 0.6;

export interface SuggestOptions {
  /** Only records at or after this instant (the CLI's --since; readEventLog already applies it). */
  readonly since?: Date;
}

/** One wording proposed as an alternate of one entry. */
export interface AlternateProposal {
  /** The most frequent wording (shortest on a tie), redacted. */
  readonly text: string;
  /** Times it (or a wording with the same key: case, width, spaces and punctuation aside) was resolved by this entry. */
  readonly count: number;
  /** Of those, how many got 役に立った. */
  readonly helpful: number;
  /** Every distinct wording, most frequent first. */
  readonly wordings: readonly string[];
  /** True when redaction replaced part of it ([メール], [電話番号]…): edit it before adding. */
  readonly redacted: boolean;
  /** Other entries that already have this phrasing (adding it here would make it ambiguous). */
  readonly alreadyIn: readonly string[];
}

export interface EntryProposals {
  readonly entryId: string;
  /** The entry's question, for people; undefined when the entry is no longer in the knowledge base. */
  readonly question: string | undefined;
  readonly count: number;
  readonly proposals: readonly AlternateProposal[];
}

/** Clarifications resolved by choosing `entryId` among `choices` (no wording: see above). */
export interface ResolvedClarification {
  readonly entryId: string;
  /** The choices offered, sorted. */
  readonly choices: readonly string[];
  readonly count: number;
  readonly helpful: number;
}

export interface SuggestReport {
  readonly since: string | null;
  readonly conversations: number;
  readonly entries: readonly EntryProposals[];
  readonly clarifications: readonly ResolvedClarification[];
  /** Questions resolved by an entry that already has them as its question or an alternate. */
  readonly alreadyAlternates: number;
}

interface Timed {
  readonly at: number;
  readonly event: OutcomeEvent;
}

type Resolution = { readonly entryId: string; readonly helpful: boolean } | undefined;

/** Builds the proposals from the log's records (oldest first, as readEventLog returns them). */
export function suggestAlternates(records: readonly EventRecord[], kb: Pick<KnowledgeBase, 'entries'>, options: SuggestOptions = {}): SuggestReport {
  const since = options.since?.getTime();
  const conversations = new Map<string, Timed[]>();
  for (const record of records) {
    const at = Date.parse(record.at);
    if (since !== undefined && at < since) continue;
    const list = conversations.get(record.conversation) ?? [];
    list.push({ at, event: record.event });
    conversations.set(record.conversation, list);
  }

  const phrasingOwners = new Map<string, Set<string>>();
  for (const entry of kb.entries) {
    for (const text of [entry.question, ...entry.alternates]) {
      const key = questionKey(text);
      phrasingOwners.set(key, (phrasingOwners.get(key) ?? new Set()).add(entry.id));
    }
  }

  const wordings = new Map<string, { entryId: string; key: string; counts: Map<string, number>; count: number; helpful: number }>();
  const clarifications = new Map<string, { entryId: string; choices: string[]; count: number; helpful: number }>();
  let alreadyAlternates = 0;
  for (const events of conversations.values()) {
    events.forEach((timed, i) => {
      const { event } = timed;
      if (event.kind === 'abstained') {
        const resolved = resolution(events, i, MAX_REPHRASE_TURNS, (answer) => answer.confidence >= MIN_REPHRASE_CONFIDENCE);
        if (!resolved) return;
        const text = redact(event.question).trim();
        const key = questionKey(text);
        if (key === '') return;
        if (phrasingOwners.get(key)?.has(resolved.entryId)) {
          alreadyAlternates++;
          return;
        }
        const groupKey = `${resolved.entryId}\u0000${key}`;
        const group = wordings.get(groupKey) ?? { entryId: resolved.entryId, key, counts: new Map<string, number>(), count: 0, helpful: 0 };
        group.counts.set(text, (group.counts.get(text) ?? 0) + 1);
        group.count++;
        if (resolved.helpful) group.helpful++;
        wordings.set(groupKey, group);
      } else if (event.kind === 'clarified') {
        const resolved = resolution(events, i, MAX_CLARIFICATION_TURNS, (answer) => event.choices.includes(answer.entryId));
        if (!resolved) return;
        const choices = [...event.choices].sort();
        const groupKey = `${resolved.entryId}\u0000${choices.join('\u0000')}`;
        const group = clarifications.get(groupKey) ?? { entryId: resolved.entryId, choices, count: 0, helpful: 0 };
        group.count++;
        if (resolved.helpful) group.helpful++;
        clarifications.set(groupKey, group);
      }
    });
  }

  const byEntry = new Map<string, AlternateProposal[]>();
  for (const group of wordings.values()) {
    const ordered = [...group.counts.entries()].sort((a, b) => b[1] - a[1] || a[0].length - b[0].length || a[0].localeCompare(b[0])).map(([w]) => w);
    const text = ordered[0] ?? '';
    const proposal: AlternateProposal = {
      text,
      count: group.count,
      helpful: group.helpful,
      wordings: ordered,
      redacted: Object.values(RedactionTags).some((tag) => ordered.some((w) => w.includes(tag))),
      alreadyIn: [...(phrasingOwners.get(group.key) ?? [])].sort(),
    };
    byEntry.set(group.entryId, [...(byEntry.get(group.entryId) ?? []), proposal]);
  }
  const entries: EntryProposals[] = [...byEntry.entries()]
    .map(([entryId, proposals]) => ({
      entryId,
      question: kb.entries.find((e) => e.id === entryId)?.question,
      count: proposals.reduce((n, p) => n + p.count, 0),
      proposals: proposals.sort((a, b) => b.count - a.count || b.helpful - a.helpful || a.text.localeCompare(b.text)),
    }))
    .sort((a, b) => b.count - a.count || helpfulOf(b) - helpfulOf(a) || a.entryId.localeCompare(b.entryId));

  return {
    since: options.since ? options.since.toISOString() : null,
    conversations: conversations.size,
    entries,
    clarifications: [...clarifications.values()].sort((a, b) => b.count - a.count || b.helpful - a.helpful || a.entryId.localeCompare(b.entryId) || a.choices.join().localeCompare(b.choices.join())),
    alreadyAlternates,
  };
}

/**
 * The answer that resolves the question at `from`: the first `answered` event, if `accepts` takes
 * it, within `maxTurns` questions and REPHRASE_WINDOW_MS, without a 役に立たなかった for it; a
 * handover or an answer that does not qualify ends the search.
 */
function resolution(events: readonly Timed[], from: number, maxTurns: number, accepts: (answer: Extract<OutcomeEvent, { kind: 'answered' }>) => boolean): Resolution {
  const start = events[from]?.at ?? 0;
  let turns = 0;
  for (const [j, { at, event }] of events.entries()) {
    if (j <= from) continue;
    if (at - start > REPHRASE_WINDOW_MS || event.kind === 'handedOver') return undefined;
    if (event.kind !== 'answered' && event.kind !== 'clarified' && event.kind !== 'abstained') continue;
    if (++turns > maxTurns) return undefined;
    if (event.kind !== 'answered') continue;
    if (!accepts(event)) return undefined;
    const feedback = feedbackOn(events, j, event.entryId);
    return feedback === false ? undefined : { entryId: event.entryId, helpful: feedback === true };
  }
  return undefined;
}

function helpfulOf(entry: EntryProposals): number {
  return entry.proposals.reduce((n, p) => n + p.helpful, 0);
}

/** The feedback given on the answer at `index` (before the next answer): true, false, or undefined for none. */
function feedbackOn(events: readonly Timed[], index: number, entryId: string): boolean | undefined {
  let verdict: boolean | undefined;
  for (const { event } of events.slice(index + 1)) {
    if (event.kind === 'answered') break;
    if (event.kind === 'feedback' && event.entryId === entryId) {
      // A "not helpful" anywhere outweighs a "helpful".
      if (!event.helpful) return false;
      verdict = true;
    }
  }
  return verdict;
}

/** The proposals as `kb suggest` prints them. */
export function formatSuggestions(report: SuggestReport): string[] {
  const proposals = report.entries.reduce((n, e) => n + e.proposals.length, 0);
  const range = report.since ? ` since ${report.since}` : '';
  const lines = [
    proposals === 0
      ? `madoguchi kb suggest: no new alternates to propose (${report.conversations} conversation(s)${range})`
      : `madoguchi kb suggest: ${proposals} alternate(s) to consider for ${report.entries.length} entr${report.entries.length === 1 ? 'y' : 'ies'} (${report.conversations} conversation(s)${range}); nothing was written: add the ones you accept to the entry's alternates`,
  ];
  for (const entry of report.entries) {
    lines.push('', `${entry.entryId}${entry.question ? ` 「${entry.question}」` : ' (no longer in the knowledge base)'}: ${entry.count} question(s) resolved after a miss`);
    for (const p of entry.proposals) {
      const notes = [
        p.helpful > 0 ? `${p.helpful} helpful` : '',
        p.wordings.length > 1 ? `also written ${p.wordings.slice(1).map((w) => `「${w}」`).join(' ')}` : '',
        p.redacted ? 'has redacted parts: edit before adding' : '',
        p.alreadyIn.length > 0 ? `already a phrasing of ${p.alreadyIn.join(', ')}: adding it here makes it ambiguous` : '',
      ].filter((n) => n !== '');
      lines.push(`  ${p.count}×  「${p.text}」${notes.length > 0 ? `  (${notes.join('; ')})` : ''}`);
    }
  }
  if (report.clarifications.length > 0) {
    lines.push('', 'clarifications resolved by a choice (the log does not keep the question a clarification answered, so there is no wording to propose):');
    for (const c of report.clarifications) {
      const rest = c.choices.filter((id) => id !== c.entryId);
      lines.push(`  ${c.count}×  ${c.entryId} chosen over ${rest.join(', ')}${c.helpful > 0 ? `  (${c.helpful} helpful)` : ''}`);
    }
  }
  if (report.alreadyAlternates > 0) lines.push('', `${report.alreadyAlternates} resolved question(s) were already a phrasing of their entry: not proposed`);
  return lines;
}
