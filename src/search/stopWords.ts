/**
 * Japanese stop words, as term keys (hiragana for kana words, base forms for verbs).
 * Part-of-speech filtering already drops particles, auxiliaries and symbols; these are
 * the content words that appear in almost every support question and tell entries apart
 * not at all ("どうすれば", "方法", "教えて").
 */
export const DEFAULT_STOP_WORDS: readonly string[] = [
  // light verbs and auxiliaries that kuromoji tags as 動詞 自立
  'する', 'いる', 'ある', 'なる', 'できる', 'やる', 'いく', '行く', 'くる', '来る', 'おる', 'ござる', 'いたす', 'しまう',
  'くださる', 'ください', '下さい', 'いただく', '頂く', 'もらう', 'くれる', 'みる', 'おく', 'ほしい', '欲しい',
  // asking words
  '教える', '知る', '知りたい', 'わかる', '分かる', '思う', '願う', 'お願い', '願い', '聞く', '質問', '相談', '困る', '助ける',
  'どう', 'どの', 'どれ', 'どこ', 'なに', '何', 'なん', 'なぜ', 'いつ', 'だれ', '誰', 'どうして', 'どうやって', 'どうすれ',
  'いい', 'よい', '良い', 'だめ', 'ダメ',
  // generic nouns
  'こと', 'もの', 'ため', 'よう', 'とき', '時', '場合', '際', '方法', '方', 'やり方', '仕方', '手順', 'やつ', 'ところ', '感じ',
  'の', 'ん', 'さ', 'これ', 'それ', 'あれ', 'ここ', 'そこ', 'こちら', 'そちら', '私', 'わたし', '僕', 'ぼく', '俺', '自分',
  'さん', '様', 'さま', 'ちゃん', '今', 'いま', '今日', 'ちょっと', 'すみません', 'すいません', 'あの', 'えっと', 'えーと',
  'ます', 'です', 'ない', 'たい',
].map((w) => w.normalize('NFKC').toLowerCase());
