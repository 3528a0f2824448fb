/** Greetings, thanks and requests for help are answered as such, never searched. */
export type SmallTalk = 'greeting' | 'thanks' | 'help';

const PATTERNS: readonly [SmallTalk, RegExp][] = [
  ['greeting', /^(こんにちは|こんにちわ|こんばんは|こんばんわ|おはよう(ございます)?|はじめまして|よろしく(お願い(します|いたします))?|もしもし|やあ|どうも|hello|hi|hey|ハロー|はろー)$/],
  ['thanks', /^(ありがとう(ございます|ございました)?|ありがと|どうもありがとう(ございます|ございました)?|助かりました|たすかりました|感謝します|サンキュー|thanks|thank you|thx|了解(です|しました)?|わかりました|分かりました|ok|おk)$/],
  ['help', /^(ヘルプ|へるぷ|help|使い方|つかいかた|何ができますか|なにができますか|何ができるの|できること(は)?|メニュー|menu|\?|？)$/],
];

/** Recognizes a message that is only small talk (punctuation, emoji and spaces ignored). */
export function recognizeSmallTalk(text: string): SmallTalk | undefined {
  const trimmed = text.normalize('NFKC').toLowerCase().replace(/[\p{Extended_Pictographic}\uFE0F\s]/gu, '');
  if (trimmed === '?') return 'help';
  const core = trimmed
    .replace(/[。、．，,.!?…・♪☆★]+/g, '')
    .replace(/[ー〜~]+$/u, '')
    .replace(/(です|ね|よ|な)+$/u, '');
  if (core === '') return undefined;
  for (const [kind, pattern] of PATTERNS) if (pattern.test(core)) return kind;
  return undefined;
}
