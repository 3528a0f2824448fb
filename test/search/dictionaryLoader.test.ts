import kuromoji, { type IpadicFeatures, type Tokenizer } from 'kuromoji';
import { describe, expect, it } from 'vitest';
import { defaultDictionaryPath, loadDictionary } from '../../src/search/dictionaryLoader';

const sentences = ['すもももももももものうち', 'パスワードを忘れてしまいました。', '山田次郎で登録しています', 'Microsoft アカウントにサインインできません', 'ｱｶｳﾝﾄ 2段階認証 x'.repeat(3)];

describe('loadDictionary', () => {
  it('builds the tokenizer kuromoji builds: the same tokens for every sentence', async () => {
    const ours = await loadDictionary();
    const theirs = await new Promise<Tokenizer<IpadicFeatures>>((resolve, reject) =>
      kuromoji.builder({ dicPath: defaultDictionaryPath() }).build((err, built) => (err ? reject(err) : resolve(built))),
    );
    for (const s of sentences) expect(ours.tokenize(s), s).toEqual(theirs.tokenize(s));
  });

  it('loads once per path: every caller gets the same tokenizer', async () => {
    expect(loadDictionary()).toBe(loadDictionary(`${defaultDictionaryPath()}/`));
    expect(await loadDictionary()).toBe(await loadDictionary());
  });

  it('rejects, naming the module and the path, when the files are not there; and tries again next time', async () => {
    await expect(loadDictionary('/nonexistent/dict')).rejects.toThrow(/^dictionaryLoader: cannot load the kuromoji dictionary from \/nonexistent\/dict: /);
    await expect(loadDictionary('/nonexistent/dict')).rejects.toThrow(/^dictionaryLoader: /);
  });
});
