import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { messages } from '../../dialogs/messages';
import * as answers from '../../dialogs/understanding/answers';
import * as intents from '../../dialogs/understanding/intents';
import { wordKey } from '../../dialogs/understanding/normalize';
import { defaultKnowledgeDir, loadKnowledgeBase } from '../../src/kb/loader';
import { loadConversationFile } from './conversationKit';

/**
 * The conversation fixtures are held-out material: no user turn may have been copied into
 * the knowledge base (a question or an alternate) or into a word list the bot recognizes.
 * Short replies (「はい」, 「SMSで」) are how people answer and are bound to coincide with a
 * word list, so only turns of at least MIN_COMPARED_LENGTH characters are compared.
 *
 * Similarity is the Dice coefficient of character bigrams of the normalized texts (NFKC,
 * lower case, katakana as hiragana, no spaces or punctuation: `wordKey`): 1 is identical.
 */

/** Shortest normalized turn compared (shorter replies are ordinary words). */
const MIN_COMPARED_LENGTH = 10;
/** Dice similarity at or above which a turn counts as copied. */
const MAX_SIMILARITY = 0.9;

const FIXTURES = ['conversations.jsonl', 'conversations-blind.jsonl'].map((f) => path.join(__dirname, '..', 'fixtures', f));

function bigrams(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (let i = 0; i + 1 < text.length; i++) {
    const gram = text.slice(i, i + 2);
    out.set(gram, (out.get(gram) ?? 0) + 1);
  }
  return out;
}

/** Dice coefficient of two texts' character bigrams (multiset). */
export function diceSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  const x = bigrams(a);
  const y = bigrams(b);
  let shared = 0;
  for (const [gram, count] of x) shared += Math.min(count, y.get(gram) ?? 0);
  const total = Math.max(0, a.length - 1) + Math.max(0, b.length - 1);
  return total === 0 ? 0 : (2 * shared) / total;
}

/** Every string held in an array anywhere inside `value` (the word lists of a module). */
function wordListStrings(value: unknown, seen = new Set<unknown>()): string[] {
  if (typeof value !== 'object' || value === null || seen.has(value)) return [];
  seen.add(value);
  if (Array.isArray(value)) return value.flatMap((item) => (typeof item === 'string' ? [item] : wordListStrings(item, seen)));
  return Object.values(value).flatMap((item) => wordListStrings(item, seen));
}

/**
 * The recognized words kept beside the messages: every list under a key ending in "words"
 * (methodWords, resendWords, closing.words…). Other lists there are button titles, which a
 * person may rightly type back as they read them.
 */
function messageWordLists(value: unknown, seen = new Set<unknown>()): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || seen.has(value)) return [];
  seen.add(value);
  return Object.entries(value).flatMap(([key, item]) => (/words$/i.test(key) ? wordListStrings(item) : messageWordLists(item, seen)));
}

function knowledgeTexts(): string[] {
  const loaded = loadKnowledgeBase(defaultKnowledgeDir());
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  return [...loaded.kb.entries.flatMap((e) => [e.question, ...e.alternates]), ...(loaded.kb.outOfScopeQuestions ?? [])];
}

const turns = FIXTURES.filter((f) => fs.existsSync(f)).flatMap((file) => {
  const { cases } = loadConversationFile(file);
  return cases.flatMap((c) => c.turns.map((turn, i) => ({ where: `${path.basename(file)} ${c.id} turn ${i + 1}`, turn, key: wordKey(turn) })));
});
const compared = turns.filter((t) => t.key.length >= MIN_COMPARED_LENGTH);

function overlaps(sources: readonly string[]): string[] {
  const keys = [...new Set(sources.map(wordKey))].filter((k) => k.length >= MIN_COMPARED_LENGTH / 2);
  const found: string[] = [];
  for (const t of compared) {
    for (const k of keys) {
      const similarity = diceSimilarity(t.key, k);
      if (similarity >= MAX_SIMILARITY) found.push(`${t.where}: 「${t.turn}」 ~ 「${k}」 (${similarity.toFixed(2)})`);
    }
  }
  return found;
}

describe('conversation fixtures are independent of what the bot knows', () => {
  it('there are turns to compare (the fixtures were read)', () => {
    expect(compared.length).toBeGreaterThan(100);
  });

  it('no turn is a copy of a knowledge-base question or alternate', () => {
    expect(overlaps(knowledgeTexts())).toEqual([]);
  });

  it('no turn is a copy of a word list the bot recognizes (messages, answers, intents)', () => {
    const vocabulary = [...messageWordLists(messages), ...wordListStrings(answers), ...wordListStrings(intents)];
    expect(vocabulary.length).toBeGreaterThan(200);
    expect(overlaps(vocabulary)).toEqual([]);
  });

  it('the similarity catches a copy and spares a different sentence', () => {
    expect(diceSimilarity(wordKey('パスワードを忘れてしまいました'), wordKey('ﾊﾟｽﾜｰﾄﾞを忘れてしまいました。'))).toBe(1);
    expect(diceSimilarity(wordKey('パスワードを忘れてしまいました'), wordKey('アカウントがブロックされました'))).toBeLessThan(0.5);
  });
});
