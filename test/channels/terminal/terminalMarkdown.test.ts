import { describe, expect, it } from 'vitest';
import { markdownToTerminal } from '../../../src/channels/terminal/terminalMarkdown';

describe('markdownToTerminal', () => {
  it.each([
    ['**[アカウントにアクセスできない場合]** をクリック', '[アカウントにアクセスできない場合] をクリック'],
    ['[パスワードのリセット](https://account.live.com/password/reset)', 'パスワードのリセット (https://account.live.com/password/reset)'],
    ['[https://a.example/](https://a.example/)', 'https://a.example/'],
    ['## 手順', '手順'],
    ['- メール\n* 電話', '・メール\n・電話'],
    ['1. 開きます。\n2. 入力します。', '1. 開きます。\n2. 入力します。'],
    ['`code` と \\*印\\*', 'code と *印*'],
    ['一行目\n\n\n\n二行目', '一行目\n\n二行目'],
  ])('%j → %j', (markdown, text) => {
    expect(markdownToTerminal(markdown)).toBe(text);
  });

  it('shows emphasis and headings in ANSI bold when color is on', () => {
    expect(markdownToTerminal('# 見出し\n**太字**です', { color: true })).toBe('\u001b[1m見出し\u001b[22m\n\u001b[1m太字\u001b[22mです');
  });
});
