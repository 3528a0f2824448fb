import { beforeAll, describe, expect, it } from 'vitest';
import { JapaneseAnalyzer, DEFAULT_MAX_ANALYZED_CHARS } from '../../src/search/analyzer';
import { charNgrams, gramSource, katakanaToHiragana, normalizeText, termKey, withoutVoicingMarks } from '../../src/search/normalize';

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

  it('drops voicing marks (dakuten, handakuten) and nothing else', () => {
    expect(withoutVoicingMarks('パスワード')).toBe('ハスワート');
    expect(withoutVoicingMarks('でんわばんごう')).toBe('てんわはんこう');
    expect(withoutVoicingMarks('アカウント')).toBe('アカウント');
    expect(withoutVoicingMarks('電話')).toBe('電話');
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

  describe('knowledge-base words typed without voicing marks', () => {
    // Written for this test: a knowledge base with a misspelling of its own (アカウンド), as authors
    // sometimes keep one on purpose for people who type it.
    let marks: JapaneseAnalyzer;
    beforeAll(async () => {
      marks = await JapaneseAnalyzer.create({ vocabularySources: ['パスワードを忘れた', 'アカウンドがブロックされた', '電話番号を変更する'] });
    });

    it.each([
      ['katakana without handakuten', 'ハスワードを忘れた'],
      ['katakana without any mark', 'ハスワートを忘れた'],
      ['hiragana without any mark', 'はすわーとを忘れた'],
    ])('meets the word with %s (not ハス + ワード)', (_how, typed) => {
      expect(marks.terms(typed)).toEqual(['ぱすわーど', '忘れる']);
    });

    it('keeps a word typed as the dictionary has it: アカウント is not the authors\' アカウンド, フロック is a word', () => {
      expect(marks.terms('アカウントを作る')).toContain('あかうんと');
      expect(marks.terms('フロックを見た')).toContain('ふろっく');
      expect(marks.terms('ブロックされた')).toContain('ぶろっく');
    });

    it('leaves short runs alone: three kana are too many different words', async () => {
      const short = await JapaneseAnalyzer.create({ vocabularySources: ['カードを登録する'] });
      expect(short.terms('カートに入れる')).toEqual(['かーと', '入れる']);
    });
  });

  describe('English inside a Japanese question', () => {
    let english: JapaneseAnalyzer;
    beforeAll(async () => {
      english = await JapaneseAnalyzer.create({ synonyms: [['変更', 'change'], ['電話', 'phone'], ['パスワード', 'password']] });
    });

    it('meets a listed word in its inflected forms (changed, changing, changes → change)', () => {
      for (const word of ['changed', 'changing', 'changes']) expect(english.terms(`${word}したい`)).toEqual(['変更']);
      // Not a listed word's form: left as typed.
      expect(english.terms('ranged')).toEqual(['ranged']);
    });

    it('weighs the words of an English sentence as words, not as names; a capitalized word inside it stays a name', () => {
      const a = english.analyze('I changed my phone number last month. 携帯の番号');
      expect(a.kinds[a.terms.indexOf('last')]).toBe('noun');
      expect(a.kinds[a.terms.indexOf('month')]).toBe('noun');
      const spotify = english.analyze('I lost my Spotify password');
      expect(spotify.kinds[spotify.terms.indexOf('spotify')]).toBe('name');
      // Two Latin words are a name, not a sentence (Microsoft 365, Apple ID).
      const name = english.analyze('Apple IDのパスワード');
      expect(name.kinds[name.terms.indexOf('apple')]).toBe('name');
    });

    it("reads contractions as their words: no stray s, t or m terms (what's, can't, I'm)", () => {
      expect(english.terms("What's your name?")).toEqual(['name']);
      expect(english.terms("I can't change my password")).toEqual(['変更', 'ぱすわーど']);
      expect(english.terms("I'm locked out")).toEqual(['locked']);
    });
  });

  it('reads one letter against a katakana word as one name (dアカウント), but not e, which says electronic (Eメール)', () => {
    const a = analyzer.analyze('dアカウントのIDを忘れた');
    expect(a.terms[0]).toBe('dあかうんと');
    expect(a.kinds[0]).toBe('name');
    expect(a.unknownTerms).toContain('dあかうんと');
    expect(analyzer.terms('Eメールアドレス')).not.toContain('eめーるあどれす');
    expect(analyzer.terms('Tポイント')).toEqual(['tぽいんと']);
  });

  it('keeps a katakana word of the knowledge base whole where kuromoji cuts it in context (不審なサインインが → サイン + イン)', async () => {
    const plain = await JapaneseAnalyzer.create();
    expect(plain.terms('不審なサインインがあった')).toEqual(['不審', 'さいん', 'いん']);
    const learned = await JapaneseAnalyzer.create({ vocabularySources: ['サインインできない'] });
    expect(learned.terms('不審なサインインがあった')).toEqual(['不審', 'さいんいん']);
    // The synonym list meets it there too.
    expect(analyzer.terms('不審なサインインがあった')).toEqual(analyzer.terms('不審なログインがあった'));
  });

  it('reads a noun before 用 or 向け as a qualifier: it says what something is for (仕事用のアカウント)', () => {
    const a = analyzer.analyze('仕事用とプライベート用のアカウント');
    expect(a.kinds[a.terms.indexOf('仕事')]).toBe('qualifier');
    expect(a.kinds[a.terms.indexOf('ぷらいべーと')]).toBe('qualifier');
    expect(a.kinds[a.terms.indexOf('あかうんと')]).toBe('name');
    const alone = analyzer.analyze('仕事のアカウント');
    expect(alone.kinds[alone.terms.indexOf('仕事')]).toBe('noun');
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
