import { describe, expect, it } from 'vitest';
import { afterSmallTalk, readSmallTalk, recognizeSmallTalk, type SmallTalkReading } from '../../dialogs/smallTalk';

const reading = (kind: SmallTalkReading['kind'], resolved = false): SmallTalkReading => ({ kind, resolved });

describe('readSmallTalk', () => {
  it.each<[string, SmallTalkReading]>([
    ['こんにちは', reading('greeting')],
    ['こんにちは！', reading('greeting')],
    ['こんにちわ〜', reading('greeting')],
    ['おはようございます', reading('greeting')],
    ['お世話になっております。', reading('greeting')],
    ['Hello', reading('greeting')],
    ['すみません', reading('greeting')],
    ['ありがとう', reading('thanks')],
    ['ありがとうございました！', reading('thanks')],
    ['どうもありがとうございます🙏', reading('thanks')],
    ['thank you', reading('thanks')],
    ['了解です', reading('thanks')],
    ['ありがとう、解決しました！', reading('thanks', true)],
    ['解決しました、ありがとうございます', reading('thanks', true)],
    ['助かりました！ありがとう', reading('thanks', true)],
    ['ありがとうございます、できました', reading('thanks', true)],
    ['ありがとうわかりました', reading('thanks', true)],
    ['わかりました', reading('thanks', true)],
    ['もう大丈夫です', reading('closing')],
    ['大丈夫です', reading('closing')],
    ['やっぱりやめておきます', reading('closing')],
    ['以上です', reading('closing')],
    ['またにします', reading('closing')],
    ['ありがとうございました、失礼します', reading('closing')],
    ['もう大丈夫です、ありがとうございました', reading('closing')],
    ['解決しました。以上です', reading('closing', true)],
    ['自分でやってみます', reading('closing')],
    ['ご丁寧にありがとうございました。よくわかりました', reading('thanks', true)],
    ['ご丁寧にありがとうございました。これで失礼いたします', reading('closing')],
    ['なるほど、もう大丈夫です。ありがとうございました', reading('closing')],
    ['なるほど', reading('thanks')],
    ['ヘルプ', reading('help')],
    ['？', reading('help')],
    ['何ができますか', reading('help')],
  ])('「%s」', (text, expected) => expect(readSmallTalk(text)).toEqual(expected));

  it.each([
    'こんにちは、パスワードを忘れました',
    'ありがとう、でもまだサインインできません',
    '大丈夫ですか？',
    'どうもサインインできない',
    '使い方がわからない',
    'パスワードを忘れた',
    'ロック画面の壁紙を変えたい',
    '',
  ])('「%s」 is not only small talk', (text) => expect(readSmallTalk(text)).toBeUndefined());

  it('recognizeSmallTalk gives the kind', () => {
    expect(recognizeSmallTalk('ありがとう、解決しました！')).toBe('thanks');
    expect(recognizeSmallTalk('以上です')).toBe('closing');
    expect(recognizeSmallTalk('パスワード')).toBeUndefined();
  });
});

describe('afterSmallTalk', () => {
  it.each<[string, string | undefined]>([
    ['こんにちは、パスワードを忘れました', 'パスワードを忘れました'],
    ['こんにちは。アカウントがブロックされました', 'アカウントがブロックされました'],
    ['こんにちはパスワードを忘れました', 'パスワードを忘れました'],
    ['お世話になっております。アカウントを取り戻したいです', 'アカウントを取り戻したいです'],
    ['すみません、RR-7K3MQXAB はどうなってますか', 'RR-7K3MQXAB はどうなってますか'],
    ['ありがとう、でもまだサインインできません', 'まだサインインできません'],
    ['Hello! ｱｶｳﾝﾄを削除したい', 'アカウントを削除したい'],
    ['こんにちは', undefined],
    ['ありがとう、解決しました！', undefined],
    ['どうもサインインできない', undefined],
    ['使い方がわからない', undefined],
    ['パスワードを忘れた', undefined],
    ['大丈夫ですか？', undefined],
    ['こんにちは、か', undefined],
  ])('「%s」 → %s', (text, rest) => expect(afterSmallTalk(text)).toBe(rest));
});
