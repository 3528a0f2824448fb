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
  // politeness and request vocabulary: how people ask, not what about
  '教示', '伺う', '存じる', '幸い', '恐れ入る', '申し訳', '至急', '急ぎ', '助かる', '大丈夫', '本当', '可能', '必要', 'よろしく', '宜しく',
  '全然', '全く', 'まったく', 'たぶん', '多分', 'なんか', 'とても', 'すごく', 'めっちゃ', 'かなり', 'もう', 'まだ', 'また',
  // time words that set the scene
  '昨日', '今朝', '先日', '最近', '久しぶり', '急', '急に', '突然', 'いきなり', '何度', '何回', '毎回', 'いつも', 'ずっと',
  // English function words (questions typed in English or mixed)
  'i', 'my', 'me', 'the', 'a', 'an', 'to', 'is', 'are', 'am', 'how', 'can', 'do', 'does', 'what', 'please', 'want', 'of', 'for',
  'in', 'on', 'it', 'and', 'or', 'with', 'not', "can't", 'cannot', 'help', 'has', 'have', 'had', 'been', 'be', 'was', 'were',
  'will', 'would', 'should', 'could', 'get', 'got', 'there', 'this', 'that', 'these', 'those', 'from', 'at', 'by', 'as', 'so',
  'if', 'but', 'about', 'which', 'who', 'when', 'where', 'why', 'your', 'you', 'we', 'they', 'them', 'their', 'its', 'into',
  'one', 'two', 'any', 'some', 'out', 'now', "don't", "i'm", 'need', 'way',
].map((w) => w.normalize('NFKC').toLowerCase());
