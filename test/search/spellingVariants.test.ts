import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SudachiSynonyms, SudachiSynonymsGroup } from 'sudachi-synonyms-dictionary';
import { JapaneseAnalyzer } from '../../src/search/analyzer';
import { loadSpellingDictionary, restrictSpellingVariants, restrictSynonymExpansions, type SpellingDictionary } from '../../src/search/spellingVariants';

let analyzer: JapaneseAnalyzer;
const analyze = (word: string): readonly string[] => analyzer.analyze(word).terms;

beforeAll(async () => {
  analyzer = await JapaneseAnalyzer.create();
});

/** One dictionary word: lexeme number, headword, and expandControl (0 unless given). */
function word(lexeme: number | undefined, midashi: string, expandControl: 0 | 1 | 2 = 0): SudachiSynonyms {
  return { taigenYogen: '体言', expandControl, vocabularyNumber: lexeme, gokeiSyubetsu: '代表語', ryakusyou: '代表語形', hyoukiYure: '未定義', bunya: [], midashi };
}

/** A small dictionary written for the test, in the package's record format. */
const dictionary: SpellingDictionary = [
  // 引越 is a spelling of 引っ越し (lexeme 3); 転居 is a related word (lexeme 2).
  { id: '000001', items: [word(2, '転居'), word(3, '引っ越し'), word(3, '引越し'), word(3, '引越')] },
  // 照会 expands to others but is expanded to only from its own lexeme; 問合せ is a deletion record.
  { id: '000002', items: [word(1, '照会'), word(2, '問い合わせ'), word(2, '問合せ', 2), word(2, '問いあわせ', 1)] },
  // A compound headword the analyzer splits (住民 基本 台帳) and a half-width spelling.
  { id: '000003', items: [word(1, '住基'), word(1, '住民基本台帳'), word(2, 'ｲﾒｰｼﾞ'), word(2, 'イメージ'), word(2, 'image')] },
  // Words without a lexeme number are lexemes of their own.
  { id: '000004', items: [word(undefined, '子供'), word(undefined, '子ども')] },
] satisfies readonly SudachiSynonymsGroup[];


describe('restrictSpellingVariants', () => {
  it('maps a query term to the other spellings of the same word that the index contains, never to itself', () => {
    const map = restrictSpellingVariants(dictionary, ['引越し', '転居', '引っ越し'], analyze);
    expect(map['引っ越し']).toEqual(['引越し']);
    expect(map['引越し']).toEqual(['引っ越し']);
    // 引越 is not in the index: it is a key (a query may use it) but never a value.
    expect(map['引越']).toEqual(['引っ越し', '引越し']);
    // 転居 is another lexeme of the group, so not a spelling of 引っ越し.
    expect(map['転居']).toBeUndefined();
  });

  it('with scope group, relates every word of the group', () => {
    const map = restrictSpellingVariants(dictionary, ['引越し', '転居'], analyze, { scope: 'group' });
    expect(map['転居']).toEqual(['引越し']);
    expect(map['引っ越し']).toEqual(['引越し', '転居']);
  });

  it('ignores deletion records (expandControl 2) and lets expandControl 1 words be reached but not expand', () => {
    // The analyzer reads 問いあわせ as the verb 問いあわせる: the map speaks in its terms.
    const reached = analyze('問いあわせ')[0] ?? '';
    expect(reached).toBe('問いあわせる');
    const map = restrictSpellingVariants(dictionary, ['問い合わせ', '問合せ', reached], analyze);
    expect(map['問い合わせ']).toEqual([reached]);
    expect(map[reached]).toBeUndefined();
    expect(map['問合せ']).toBeUndefined();
  });

  it('puts headwords through the analyzer, and leaves out those it splits into several terms', () => {
    const vocabulary = ['image', ...analyze('イメージ'), '住基', '住民', '基本', '台帳'];
    const map = restrictSpellingVariants(dictionary, vocabulary, analyze);
    // ｲﾒｰｼﾞ and イメージ fold to one term, so they are one key, not a variant of each other.
    expect(map[analyze('ｲﾒｰｼﾞ')[0] ?? '']).toEqual(['image']);
    expect(map.image).toEqual(analyze('イメージ'));
    expect(map['住基']).toBeUndefined();
    expect(map['住民']).toBeUndefined();
  });

  it('keeps a word without a lexeme number to itself', () => {
    expect(restrictSpellingVariants(dictionary, ['子供', '子ども'], analyze)).toEqual({});
    const nullLexeme: SpellingDictionary = [{ id: '000005', items: [{ expandControl: 0, vocabularyNumber: null, midashi: '子供' }, { expandControl: 0, vocabularyNumber: null, midashi: '子ども' }] }];
    expect(restrictSpellingVariants(nullLexeme, ['子供', '子ども'], analyze)).toEqual({});
  });

  it('is plain JSON: it survives a round trip, and a term such as __proto__ stays a key', () => {
    const odd: SpellingDictionary = [{ id: '000009', items: [word(1, '__proto__'), word(1, 'constructor')] }];
    const map = restrictSpellingVariants(odd, ['constructor', '__proto__'], (w) => [w]);
    expect(Object.keys(map).sort()).toEqual(['__proto__', 'constructor']);
    expect(JSON.parse(JSON.stringify(map))).toEqual(map);
  });
});

describe('restrictSynonymExpansions', () => {
  it('builds both scopes in one pass, as two restrictSpellingVariants calls would', () => {
    const vocabulary = ['引越し', '転居', '問い合わせ', '照会'];
    const both = restrictSynonymExpansions(dictionary, vocabulary, analyze);
    expect(both.spellingVariants).toEqual(restrictSpellingVariants(dictionary, vocabulary, analyze));
    expect(both.relatedWords).toEqual(restrictSpellingVariants(dictionary, vocabulary, analyze, { scope: 'group' }));
  });

  it('leaves an excluded term out as a key and as a value (the knowledge base’s own synonyms decide what it matches)', () => {
    const vocabulary = ['引越し', '転居', '引っ越し'];
    const all = restrictSynonymExpansions(dictionary, vocabulary, analyze);
    expect(all.relatedWords['引っ越し']).toEqual(expect.arrayContaining(['転居', '引越し']));
    const excluded = restrictSynonymExpansions(dictionary, vocabulary, analyze, { exclude: new Set(['転居']) });
    expect(excluded.relatedWords['転居']).toBeUndefined();
    expect(excluded.relatedWords['引っ越し']).toEqual(['引越し']);
    expect(Object.values(excluded.relatedWords).flat()).not.toContain('転居');
    // Spellings of other words are unchanged.
    expect(excluded.spellingVariants).toEqual(all.spellingVariants);
  });
});

describe('loadSpellingDictionary', () => {
  it('says which file it could not read, or where its shape is wrong', async () => {
    await expect(loadSpellingDictionary('/nonexistent/synonyms.json')).rejects.toThrow('spellingVariants: cannot read the synonym dictionary /nonexistent/synonyms.json: ');
    const dir = await mkdtemp(path.join(os.tmpdir(), 'spelling-'));
    const file = path.join(dir, 'bad.json');
    await writeFile(file, JSON.stringify([{ id: '000001', items: [{ expandControl: 5, midashi: 'x' }] }]));
    await expect(loadSpellingDictionary(file)).rejects.toThrow(`spellingVariants: the synonym dictionary ${file} has an unexpected shape at 0.items.0.expandControl: `);
    await rm(dir, { recursive: true, force: true });
  });

  it('reads Sudachi’s dictionary, whose spellings of 引っ越し and 子供 reach an index that writes them otherwise', async () => {
    const sudachi = await loadSpellingDictionary();
    expect(sudachi.length).toBeGreaterThan(20_000);
    const map = restrictSpellingVariants(sudachi, ['引越し', '子ども'], analyze);
    expect(map['引っ越し']).toContain('引越し');
    expect(map['子供']).toContain('子ども');
    // Restricted to the vocabulary: nothing else is kept.
    expect(new Set(Object.values(map).flat())).toEqual(new Set(['引越し', '子ども']));
  });
});
