import { beforeAll, describe, expect, it } from 'vitest';
import { JapaneseAnalyzer, DEFAULT_MAX_ANALYZED_CHARS } from '../../src/search/analyzer';
import { charNgrams, gramSource, katakanaToHiragana, normalizeText, termKey } from '../../src/search/normalize';

let analyzer: JapaneseAnalyzer;

beforeAll(async () => {
  analyzer = await JapaneseAnalyzer.create({
    synonyms: [
      ['サインイン', 'ログイン', 'ログオン'],
      ['パスワード', 'pw', 'パス'],
      ['削除', '消す', '退会'],
    ],
    outOfScope: [['gmail', 'ジーメール']],
    vocabularySources: ['パスワードを忘れた', 'Microsoft アカウント', '携帯電話の番号'],
  });
});

describe('normalize', () => {
  it.each([
    ['ｱｶｳﾝﾄ', 'アカウント'],
    ['ｍｉｃｒｏｓｏｆｔ', 'microsoft'],
    ['Microsoft', 'microsoft'],
    ['０９０', '090'],
    ['パスワード〜', 'パスワードー'],
  ])('normalizeText(%s) = %s', (input, expected) => {
    expect(normalizeText(input)).toBe(expected);
  });

  it('maps katakana to hiragana', () => {
    expect(katakanaToHiragana('パスワード')).toBe('ぱすわーど');
  });

  it('makes long-vowel variants one key (サーバー/サーバ)', () => {
    expect(termKey('サーバー')).toBe(termKey('サーバ'));
    expect(termKey('ブラウザー')).toBe(termKey('ブラウザ'));
  });

  it('cuts n-grams without spaces, punctuation or long-vowel marks', () => {
    expect(gramSource('パス ワード！')).toBe('ぱすわど');
    expect(charNgrams('abcd', 2)).toEqual(['ab', 'bc', 'cd']);
    expect(charNgrams('a', 2)).toEqual(['a']);
    expect(charNgrams('', 2)).toEqual([]);
  });
});

describe('JapaneseAnalyzer.analyze', () => {
  it('makes half-width, full-width and hiragana spellings meet', () => {
    const base = analyzer.terms('パスワード');
    expect(analyzer.terms('ﾊﾟｽﾜｰﾄﾞ')).toEqual(base);
    expect(analyzer.terms('ぱすわーど')).toEqual(base);
    expect(analyzer.terms('ｍｉｃｒｏｓｏｆｔ')).toEqual(analyzer.terms('Microsoft'));
  });

  it('uses base forms (忘れた → 忘れる)', () => {
    expect(analyzer.terms('忘れた')).toEqual(['忘れる']);
    expect(analyzer.terms('忘れてしまいました')).toEqual(['忘れる']);
  });

  it('falls back to the surface form for unknown words (kuromoji gives *)', () => {
    expect(analyzer.terms('サインイン')).toEqual(['さいんいん']);
    expect(analyzer.terms('Microsoft')).toEqual(['microsoft']);
    expect(analyzer.analyze('Microsoft').unknownTerms).toEqual(['microsoft']);
  });

  it('drops particles, auxiliaries, symbols and stop words', () => {
    expect(analyzer.terms('パスワードを忘れてしまったのですが、どうすればいいですか？')).toEqual(['ぱすわーど', '忘れる']);
  });

  it('drops greetings and request formulas: a greeting alone leaves no term to answer from', () => {
    expect(analyzer.terms('おはようございます。今日もよろしく')).toEqual([]);
    expect(analyzer.terms('パスワードを忘れました。宜しくお願いします')).toEqual(['ぱすわーど', '忘れる']);
  });

  it('applies synonyms, including words kuromoji splits', () => {
    expect(analyzer.terms('ログイン')).toEqual(analyzer.terms('サインイン'));
    expect(analyzer.terms('ログオン')).toEqual(analyzer.terms('サインイン'));
    expect(analyzer.terms('PW')).toEqual(['ぱすわーど']);
    expect(analyzer.terms('退会したい')).toEqual(['削除']);
  });

  it('lists the canonical terms of its synonym and out-of-scope groups as curated', () => {
    expect(analyzer.curatedTerms()).toEqual(new Set([analyzer.terms('サインイン').join(''), 'ぱすわーど', '削除', 'gmail']));
  });

  it('rewrites the spellings of a service to its canonical name and reports it (services)', async () => {
    const withServices = await JapaneseAnalyzer.create({ services: [['Outlook', 'Outlook.com', 'アウトルック'], ['Skype', 'スカイプ']] });
    expect(withServices.terms('outlook.comのパスワード')).toEqual(['outlook', ...withServices.terms('パスワード')]);
    expect(withServices.terms('アウトルック')).toEqual(['outlook']);
    expect(withServices.terms('スカイプ')).toEqual(['skype']);
    expect(withServices.isServiceTerm('outlook')).toBe(true);
    expect(withServices.isServiceTerm('ぱすわーど')).toBe(false);
    expect(analyzer.isServiceTerm('outlook')).toBe(false);
    expect(withServices.curatedTerms()).toEqual(new Set(['outlook', 'skype']));
  });

  it('keeps what is analyzed outside the knowledge memo out of it, and the memo intact', async () => {
    const remembering = await JapaneseAnalyzer.create({ rememberKnowledge: true });
    remembering.analyze('パスワードを忘れた');
    expect(remembering.outsideKnowledge(() => remembering.terms('引っ越し'))).toEqual(['引っ越し']);
    remembering.analyze('アカウントを削除したい');
    expect([...remembering.endKnowledgeAnalysis().keys()]).toEqual(['パスワードを忘れた', 'アカウントを削除したい']);
  });

  it('reports out-of-scope topic terms', () => {
    expect(analyzer.terms('ジーメール')).toEqual(['gmail']);
    expect(analyzer.isOutOfScopeTerm('gmail')).toBe(true);
    expect(analyzer.isOutOfScopeTerm('ぱすわーど')).toBe(false);
  });

  it('gives every term a kind', () => {
    const a = analyzer.analyze('昨日Excelの関数を忘れた');
    expect(a.kinds).toHaveLength(a.terms.length);
    expect(a.kinds[a.terms.indexOf('excel')]).toBe('name');
    expect(a.kinds[a.terms.indexOf('関数')]).toBe('noun');
    expect(a.kinds[a.terms.indexOf('忘れる')]).toBe('verb');
  });

  it('produces character n-grams for misspelled words', () => {
    const typo = new Set(analyzer.analyze('ぱすわーs').grams);
    const right = analyzer.analyze('パスワード').grams;
    expect(right.filter((g) => typo.has(g)).length).toBeGreaterThanOrEqual(2);
  });

  it('bounds long input: only the first characters are analyzed', () => {
    const long = 'パスワードを忘れました。'.repeat(3000);
    const a = analyzer.analyze(long);
    expect(a.truncated).toBe(true);
    expect(a.terms.length).toBeLessThanOrEqual(DEFAULT_MAX_ANALYZED_CHARS);
    expect(analyzer.analyze('パスワード').truncated).toBe(false);
  });

  it('handles 30,000 characters of one unknown letter without a super-linear lattice', () => {
    const a = analyzer.analyze('x'.repeat(30_000));
    // Chunking splits the run; what matters is that it returns at all, with the cap applied.
    expect(a.truncated).toBe(true);
    expect(a.terms.length).toBeGreaterThan(0);
  });

  it('returns nothing for empty or symbol-only input', () => {
    expect(analyzer.terms('')).toEqual([]);
    expect(analyzer.terms('！？。、')).toEqual([]);
  });
});

describe('JapaneseAnalyzer.create', () => {
  it('fails with the module name and path when the dictionary is missing', async () => {
    await expect(JapaneseAnalyzer.create({ dictionaryPath: '/nonexistent/dict' })).rejects.toThrow(
      /^JapaneseAnalyzer: cannot load the kuromoji dictionary from \/nonexistent\/dict/,
    );
  });
});
