import { ActionTypes, ActivityTypes, CardFactory } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { messages } from '../../../dialogs/messages';
import { renderActivity } from '../../../src/channels/terminal/renderActivity';

describe('renderActivity', () => {
  it('prints the text after the bot label and numbers the suggested actions', () => {
    const rendered = renderActivity({
      type: ActivityTypes.Message,
      text: '**こんにちは**\n\nご質問をどうぞ。',
      suggestedActions: { to: [], actions: [{ type: ActionTypes.ImBack, title: 'はい', value: 'はい' }, { type: ActionTypes.ImBack, title: 'いいえ', value: 'いいえ' }] },
    });
    expect(rendered.lines).toEqual([`${messages.terminal.botLabel} こんにちは`, '', 'ご質問をどうぞ。', '  [1] はい', '  [2] いいえ']);
    expect(rendered.choices).toEqual([
      { kind: 'message', title: 'はい', text: 'はい' },
      { kind: 'message', title: 'いいえ', text: 'いいえ' },
    ]);
  });

  it('numbers from firstNumber, card buttons first, then suggested actions', () => {
    const rendered = renderActivity(
      {
        type: ActivityTypes.Message,
        attachments: [CardFactory.heroCard('カード', '説明', undefined, [{ type: ActionTypes.MessageBack, title: '送る', text: '送信', displayText: '送る', value: { step: 'send' } }])],
        suggestedActions: { to: [], actions: [{ type: ActionTypes.OpenUrl, title: 'サイト', value: 'https://account.live.com/' }] },
      },
      { firstNumber: 4 },
    );
    expect(rendered.lines).toEqual([`${messages.terminal.botLabel} カード`, '説明', '  [4] 送る', '  [5] サイト']);
    expect(rendered.choices).toEqual([
      { kind: 'message', title: '送る', text: '送信' },
      { kind: 'url', title: 'サイト', url: 'https://account.live.com/' },
    ]);
  });

  it('shows an Adaptive Card by its fallback text, and says so when there is none', () => {
    const withFallback = renderActivity({ type: ActivityTypes.Message, attachments: [CardFactory.adaptiveCard({ type: 'AdaptiveCard', version: '1.5', fallbackText: '代替テキスト' })] });
    expect(withFallback.lines).toEqual([`${messages.terminal.botLabel} 代替テキスト`]);
    const without = renderActivity({ type: ActivityTypes.Message, attachments: [CardFactory.adaptiveCard({ type: 'AdaptiveCard', version: '1.5' })] });
    expect(without.lines).toEqual([`${messages.terminal.botLabel} ${messages.terminal.cardUnavailable}`]);
  });

  it('prints nothing for typing and other non-message activities', () => {
    expect(renderActivity({ type: ActivityTypes.Typing })).toEqual({ lines: [], choices: [] });
  });
});
