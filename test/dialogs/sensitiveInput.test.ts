import { ActivityTypes, TestAdapter, type Activity } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { messages } from '../../dialogs/messages';
import { findSensitive, luhnValid } from '../../dialogs/flows/sensitiveInput';
import { SensitiveInputMiddleware } from '../../src/bot/sensitiveInputMiddleware';

const R = messages.sensitiveInput.redacted;

describe('luhnValid', () => {
  it.each([['4111111111111111', true], ['5500005555555559', true], ['4111111111111112', false], ['0', true]])('%s → %s', (digits, valid) => {
    expect(luhnValid(digits)).toBe(valid);
  });
});

describe('findSensitive', () => {
  it.each([
    ['Passw0rd!', 'password', R],
    ['Taro1990Pass', 'password', R],
    ['パスワードは abc12345 です', 'password', `パスワードは ${R} です`],
    ['password: hunter22', 'password', `password: ${R}`],
    ['ｐａｓｓｗｏｒｄ：Ｓｅｃｒｅｔ１', 'password', `password:${R}`],
    ['4111 1111 1111 1111', 'card-number', R],
    ['カードは4111-1111-1111-1111です', 'card-number', `カードは${R}です`],
    ['４１１１１１１１１１１１１１１１', 'card-number', R],
  ])('flags %j as a %s', (text, kind, redacted) => {
    expect(findSensitive(text, R)).toEqual({ kind, redacted });
  });

  it.each([
    'taro@example.com',
    'Taro.Yamada@Example.com',
    '090-1234-5678',
    '+81 90-1234-5678',
    '09012345678',
    '123456',
    '１２３ ４５６',
    '1990/1/2',
    '平成2年1月2日',
    '123-4567',
    'taro_yamada',
    'taro.yamada_1990',
    'live:taro_1990',
    'ABCDE-12345-FGHIJ-67890-KLMNP',
    'RR-7K3M9QXA',
    '復旧リクエストの状況 RR-7K3M9QXA',
    'パスワードを忘れてしまいました',
    'パスワードはリセットできますか？',
    '4111111111111112',
    '12/27',
    'https://account.live.com/password/reset',
    '来週の打ち合わせ、写真を送ります',
  ])('leaves %j alone', (text) => {
    expect(findSensitive(text, R)).toBeUndefined();
  });
});

describe('SensitiveInputMiddleware', () => {
  async function run(text: string) {
    const seen: string[] = [];
    const discarded: string[] = [];
    const adapter = new TestAdapter(async (context) => {
      seen.push(context.activity.text ?? '');
      await context.sendActivity('dialog ran');
    });
    let incoming: Partial<Activity> | undefined;
    adapter.use(new SensitiveInputMiddleware({ onDiscard: (kind) => discarded.push(kind) }));
    // Runs after ours: what a transcript logger registered later would record.
    adapter.use({
      onTurn: async (context, next) => {
        incoming = { ...context.activity };
        await next();
      },
    });
    const replies: string[] = [];
    await adapter.send(text).assertReply((a) => {
      replies.push(a.text ?? '');
    });
    return { seen, discarded, replies, incoming };
  }

  it('discards a password: the dialog never sees it, the user is told, later middleware sees nothing', async () => {
    const { seen, discarded, replies, incoming } = await run('Passw0rd!');
    expect(seen).toEqual([]);
    expect(discarded).toEqual(['password']);
    expect(replies).toEqual([messages.sensitiveInput.warning]);
    expect(incoming).toBeUndefined();
  });

  it('replaces the text in the activity itself (so nothing downstream can log it)', async () => {
    const adapter = new TestAdapter(async () => undefined);
    let after: string | undefined;
    adapter.use({
      onTurn: async (context, next) => {
        await next();
        after = context.activity.text;
      },
    });
    adapter.use(new SensitiveInputMiddleware());
    await adapter.send('カードは 4111 1111 1111 1111 です').assertReply(messages.sensitiveInput.warning);
    expect(after).toBe(`カードは ${R} です`);
  });

  it('passes ordinary answers through untouched', async () => {
    const { seen, replies, discarded } = await run('taro.backup@example.net');
    expect(seen).toEqual(['taro.backup@example.net']);
    expect(replies).toEqual(['dialog ran']);
    expect(discarded).toEqual([]);
  });

  it('ignores activities other than messages', async () => {
    const adapter = new TestAdapter(async (context) => {
      await context.sendActivity(`got ${context.activity.type}`);
    });
    adapter.use(new SensitiveInputMiddleware());
    await adapter.send({ type: ActivityTypes.ConversationUpdate, text: 'Passw0rd!' }).assertReply('got conversationUpdate');
  });
});

describe('ordinary English words with sentence punctuation are not passwords', () => {
  it.each(['Birthday: January 2, 1990', 'Subjects... "Meeting tomorrow" と "Invoice" でした', 'My account (Outlook) は jiro@example.com です', 'Hello!! Password?', 'Postal code: 100-0001.'])('%j passes', (text) => {
    expect(findSensitive(text, '[x]')).toBeUndefined();
  });
  it.each(['Pass:word1', 'Tr0ub4dor&3', 'パスワードは Hunter2!x です'])('%j is still caught', (text) => {
    expect(findSensitive(text, '[x]')?.kind).toBe('password');
  });
});
