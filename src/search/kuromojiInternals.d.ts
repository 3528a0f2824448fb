/**
 * The two kuromoji 0.1.2 internals src/search/dictionaryLoader.ts builds a tokenizer from (what
 * kuromoji.builder().build() does, with the files' bytes supplied by us). @types/kuromoji
 * declares only the package's entry; these are the shapes of src/loader/DictionaryLoader.js and
 * src/Tokenizer.js.
 */
declare module 'kuromoji/src/loader/DictionaryLoader' {
  import type { DynamicDictionaries } from 'kuromoji';

  class DictionaryLoader {
    constructor(dicPath: string);
    /** Called, unbound, with each file's path (dicPath joined with e.g. base.dat.gz): must call back with its decompressed bytes. */
    loadArrayBuffer: (file: string, callback: (err: Error | null, buffer?: ArrayBuffer) => void) => void;
    load(callback: (err: Error | null, dic: DynamicDictionaries) => void): void;
  }
  export = DictionaryLoader;
}

declare module 'kuromoji/src/Tokenizer' {
  import type { DynamicDictionaries, IpadicFeatures, Tokenizer as KuromojiTokenizer } from 'kuromoji';

  const Tokenizer: new (dic: DynamicDictionaries) => KuromojiTokenizer<IpadicFeatures>;
  export = Tokenizer;
}
