import { beforeAll, describe, expect, it } from 'vitest';
import type { FaqEntry } from '../../src/kb/schema';
import { JapaneseAnalyzer } from '../../src/search/analyzer';
import { DEFAULT_QUERY_KIND_WEIGHTS, DEFAULT_RELATED_WORD_WEIGHT, DEFAULT_SERVICE_QUERY_WEIGHT, DEFAULT_SPELLING_VARIANT_WEIGHT, DEFAULT_VERB_NOUN_WEIGHT, LexicalRanking } from '../../src/search/lexicalRanking';

let analyzer: JapaneseAnalyzer;

beforeAll(async () => {
  analyzer = await JapaneseAnalyzer.create();
});

function entry(id: string, question: string, answer: string): FaqEntry {
  return { id, question, answer, alternates: [], tags: [], related: [], links: [], source: `test#${id}` };
}

// Entries written in one spelling each: 引越し (not 引っ越し), 転居, 子ども (not 子供).
const entries: readonly FaqEntry[] = [
  entry('moving', '引越しの届出について', '引越しをしたら14日以内に届け出てください。'),
  entry('relocation', '転居届の出し方', '転居届は窓口で受け付けています。'),
  entry('children', '子どもの医療費助成', '子どもの医療費の一部を助成します。'),
  entry('garbage', 'ごみの出し方', '燃やすごみは週2回収集します。'),
];

const weightOf = (ranking: LexicalRanking, text: string, term: string): number | undefined =>
  ranking.query(analyzer.analyze(text)).find((t) => t.term === term)?.weight;

describe('LexicalRanking.vocabulary', () => {
  it('holds the word terms of questions and answers, and nothing else', () => {
    const vocabulary = new LexicalRanking(entries, analyzer).vocabulary();
    for (const term of ['引越し', '届出', '転居', '子ども', '医療', '収集']) expect(vocabulary.has(term)).toBe(true);
    expect(vocabulary.has('引っ越し')).toBe(false);
    // Bigrams are not words.
    expect([...vocabulary].some((t) => t.startsWith('\u0001'))).toBe(false);
  });
});

describe('LexicalRanking.rank with spelling variants', () => {
  it('finds an entry written in another spelling than the query', () => {
    // Bigrams off, so only words can match (越し would otherwise be a shared bigram).
    const fields = { grams: { weight: 0 }, entryGrams: { weight: 0 } };
    const plain = new LexicalRanking(entries, analyzer, { fields });
    const expanded = new LexicalRanking(entries, analyzer, { fields, spellingVariants: { 引っ越し: ['引越し'], 子供: ['子ども'] } });
    expect(plain.rank(analyzer.analyze('引っ越ししました'), 5)).toEqual([]);
    expect(expanded.rank(analyzer.analyze('引っ越ししました'), 5).map((h) => h.id)).toEqual(['moving']);
    expect(expanded.rank(analyzer.analyze('子供の医療費'), 1).map((h) => h.id)).toEqual(['children']);
  });

  it('ranks an entry with the word as asked above one that only has a spelling variant', () => {
    const ranking = new LexicalRanking(
      [entry('as-asked', '引っ越しの手続き', '手続きの案内です。'), entry('variant', '引越しの手続き', '手続きの案内です。')],
      analyzer,
      { spellingVariants: { 引っ越し: ['引越し'] } },
    );
    const hits = ranking.rank(analyzer.analyze('引っ越しの手続き'), 2);
    expect(hits.map((h) => h.id)).toEqual(['as-asked', 'variant']);
    expect(hits[1]?.score).toBeLessThan(hits[0]?.score ?? 0);
  });

  it('ranks related words below spellings (relatedWords at a lower weight)', () => {
    const ranking = new LexicalRanking(entries, analyzer, { spellingVariants: { 引っ越し: ['引越し'] }, relatedWords: { 引っ越し: ['引越し', '転居'] } });
    expect(ranking.rank(analyzer.analyze('引っ越し'), 5).map((h) => h.id)).toEqual(['moving', 'relocation']);
  });
});

describe('LexicalRanking.query', () => {
  it('adds a variant at the variant weight times its term’s weight, once, at the best weight', () => {
    const ranking = new LexicalRanking(entries, analyzer, { spellingVariants: { 引っ越し: ['引越し'], 引越: ['引越し'] } });
    const query = ranking.query(analyzer.analyze('引っ越し 引越'));
    expect(query.filter((t) => t.term === '引越し')).toEqual([{ term: '引越し', weight: DEFAULT_QUERY_KIND_WEIGHTS.noun * DEFAULT_SPELLING_VARIANT_WEIGHT, coordinates: false }]);
  });

  it('gives a related word its own lower weight, and a term both a spelling and related the higher one', () => {
    const ranking = new LexicalRanking(entries, analyzer, { spellingVariants: { 引っ越し: ['引越し'] }, relatedWords: { 引っ越し: ['引越し', '転居'] } });
    expect(weightOf(ranking, '引っ越し', '転居')).toBeCloseTo(DEFAULT_RELATED_WORD_WEIGHT, 12);
    expect(weightOf(ranking, '引っ越し', '引越し')).toBeCloseTo(DEFAULT_SPELLING_VARIANT_WEIGHT, 12);
  });

  it('expands to related words only a word the entries do not use, unless relatedWordTerms is all', () => {
    // 転居 is a word of the index, 転出 is not; both are related to 引越し here.
    const relatedWords = { 転居: ['引越し'], 転出: ['引越し'] };
    const unknownOnly = new LexicalRanking(entries, analyzer, { relatedWords });
    expect(weightOf(unknownOnly, '転居', '引越し')).toBeUndefined();
    expect(weightOf(unknownOnly, '転出', '引越し')).toBeCloseTo(DEFAULT_RELATED_WORD_WEIGHT, 12);
    const every = new LexicalRanking(entries, analyzer, { relatedWords, relatedWordTerms: 'all' });
    expect(weightOf(every, '転居', '引越し')).toBeCloseTo(DEFAULT_RELATED_WORD_WEIGHT, 12);
  });

  it('does not add a variant the query already has, and ignores a weight of 0', () => {
    const ranking = new LexicalRanking(entries, analyzer, { spellingVariants: { 引っ越し: ['引越し'] } });
    expect(ranking.query(analyzer.analyze('引っ越し 引越し')).filter((t) => t.term === '引越し')).toEqual([{ term: '引越し', weight: 1 }]);
    const off = new LexicalRanking(entries, analyzer, { spellingVariants: { 引っ越し: ['引越し'] }, spellingVariantWeight: 0 });
    expect(weightOf(off, '引っ越し', '引越し')).toBeUndefined();
  });

  it('scales a verb’s variants by the verb’s weight', () => {
    const ranking = new LexicalRanking(entries, analyzer, { spellingVariants: { 引っ越す: ['引越す'] } });
    expect(weightOf(ranking, '引っ越す', '引越す')).toBeCloseTo(DEFAULT_QUERY_KIND_WEIGHTS.verb * DEFAULT_SPELLING_VARIANT_WEIGHT, 12);
  });

  it('reads only the map’s own keys (a query term such as constructor finds nothing inherited)', () => {
    const ranking = new LexicalRanking(entries, analyzer, { spellingVariants: {} });
    expect(ranking.query(analyzer.analyze('constructor')).filter((t) => t.coordinates === false && !t.term.startsWith('\u0001'))).toEqual([]);
  });

  it('adds the noun of a query verb and the verb of a query noun when the index has them', () => {
    const ranking = new LexicalRanking(
      [entry('apply', '申し込みの方法', '窓口で申し込みを受け付けます。'), entry('pay', '税金を支払う', '銀行で支払うことができます。')],
      analyzer,
    );
    // 申し込みたい → the verb 申し込む; 支払い is a noun.
    expect(analyzer.analyze('申し込みたい').terms).toEqual(['申し込む']);
    expect(weightOf(ranking, '申し込みたい', '申し込み')).toBeCloseTo(DEFAULT_QUERY_KIND_WEIGHTS.verb * DEFAULT_VERB_NOUN_WEIGHT, 12);
    expect(weightOf(ranking, '支払いについて', '支払う')).toBeCloseTo(DEFAULT_QUERY_KIND_WEIGHTS.noun * DEFAULT_VERB_NOUN_WEIGHT, 12);
    expect(ranking.rank(analyzer.analyze('申し込みたい'), 1).map((h) => h.id)).toEqual(['apply']);
    // Not in the index: nothing added. Off: nothing added.
    expect(weightOf(ranking, '書く', '書き')).toBeUndefined();
    expect(weightOf(new LexicalRanking([entry('apply', '申し込みの方法', '')], analyzer, { verbNounWeight: 0 }), '申し込みたい', '申し込み')).toBeUndefined();
  });

  it('refuses expansion weights outside [0, 1]', () => {
    expect(() => new LexicalRanking(entries, analyzer, { spellingVariantWeight: 1.5 })).toThrow('LexicalRanking: spellingVariantWeight must be in [0, 1] (got 1.5)');
    expect(() => new LexicalRanking(entries, analyzer, { relatedWordWeight: -1 })).toThrow('LexicalRanking: relatedWordWeight must be in [0, 1] (got -1)');
    expect(() => new LexicalRanking(entries, analyzer, { verbNounWeight: 2 })).toThrow('LexicalRanking: verbNounWeight must be in [0, 1] (got 2)');
    expect(() => new LexicalRanking(entries, analyzer, { serviceQueryWeight: 1.2 })).toThrow('LexicalRanking: serviceQueryWeight must be in [0, 1] (got 1.2)');
  });
});

describe('LexicalRanking query: the names of the services people sign in to', () => {
  // Written for this test: Xbox is named in the entry about account names, not in the one about passwords.
  const account: FaqEntry = { ...entry('account-name', 'アカウント名を忘れた', 'サインインに使うメールアドレスを確認します。'), alternates: ['Xboxで作ったアカウントのIDが分からない'] };
  const password: FaqEntry = entry('password', 'パスワードを忘れた', 'パスワードをリセットします。');
  // Two more about passwords, so パスワード is a common word here and Xbox a rare one.
  const others: FaqEntry[] = [entry('change', 'パスワードを変えたい', 'パスワードは設定画面で変更できます。'), entry('weak', 'パスワードが弱いと言われた', '長いパスワードにしてください。')];
  let withServices: JapaneseAnalyzer;
  beforeAll(async () => {
    withServices = await JapaneseAnalyzer.create({ services: [['Xbox', 'エックスボックス']] });
  });

  it('weighs a service name at serviceQueryWeight times its kind (DEFAULT_SERVICE_QUERY_WEIGHT by default); a collection without services as any name', () => {
    const query = (ranking: LexicalRanking) => ranking.query(withServices.analyze('Xboxのパスワードを忘れた')).find((t) => t.term === 'xbox')?.weight;
    expect(query(new LexicalRanking([account, password], withServices))).toBeCloseTo(DEFAULT_QUERY_KIND_WEIGHTS.name * DEFAULT_SERVICE_QUERY_WEIGHT, 10);
    expect(query(new LexicalRanking([account, password], withServices, { serviceQueryWeight: 1 }))).toBeCloseTo(DEFAULT_QUERY_KIND_WEIGHTS.name, 10);
    expect(weightOf(new LexicalRanking([account, password], analyzer), 'Xboxのパスワードを忘れた', 'xbox')).toBeCloseTo(DEFAULT_QUERY_KIND_WEIGHTS.name, 10);
  });

  it('so the service a question comes from does not outrank what it asks', () => {
    const question = withServices.analyze('Xboxのパスワード忘れた');
    const all = [account, password, ...others];
    expect(new LexicalRanking(all, withServices, { serviceQueryWeight: 1 }).rank(question, 2)[0]?.id).toBe('account-name');
    expect(new LexicalRanking(all, withServices).rank(question, 2)[0]?.id).toBe('password');
  });
});

describe('LexicalRanking question field: each phrasing a passage', () => {
  // Two entries asked many ways: one phrasing of "many" says exactly what the query says.
  const many: FaqEntry = { ...entry('many', '粗大ごみの出し方', '申し込みが必要です。'), alternates: ['家具を捨てたい', '自転車を処分したい', 'ベッドを捨てたい', 'ソファの回収'] };
  const one: FaqEntry = entry('one', '家具 自転車 ベッド ソファ 粗大ごみ', '申し込みが必要です。');
  const fields = { entry: { weight: 0.01 }, answerHead: { weight: 0 }, grams: { weight: 0 }, entryGrams: { weight: 0 } };

  it('scores an entry by its best-matching phrasing, not by all of them together', () => {
    const first = (passages: boolean) => new LexicalRanking([many, one], analyzer, { fields: { ...fields, question: { passages } } }).rank(analyzer.analyze('自転車'), 2)[0]?.id;
    // The short alternate 「自転車を処分したい」 of "many" is the closest phrasing of 自転車.
    expect(first(true)).toBe('many');
    // Read as one text, "many"'s five phrasings are one long field, and the shorter "one" wins.
    expect(first(false)).toBe('one');
  });

  it('counts questions of no entry (out-of-scope examples) in the IDF only, and keys the saved index by them', () => {
    const plain = new LexicalRanking([many, one], analyzer, { fields });
    const withUnowned = new LexicalRanking([many, one], analyzer, { fields, unownedQuestions: ['自転車の防犯登録をしたい', '自転車を盗まれた'] });
    const score = (r: LexicalRanking) => r.rank(analyzer.analyze('自転車を処分したい'), 2).find((h) => h.id === 'many')?.score ?? Number.NaN;
    expect(score(withUnowned)).toBeLessThan(score(plain));
    expect(withUnowned.rank(analyzer.analyze('防犯登録'), 5)).toEqual([]);
    expect(withUnowned.indexKey).not.toBe(plain.indexKey);
  });
});
