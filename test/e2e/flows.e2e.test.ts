import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOT_REGISTERED } from '../../dialogs/accountPort';
import { messages } from '../../dialogs/messages';
import { startFlowText } from '../../dialogs/replies';
import { DEFAULT_MIN_LATENCY_MS, type DemoAccountAdapter } from '../../src/account/demoAccountAdapter';
import { defaultKnowledgeDir } from '../../src/kb/loader';
import { FaqEngine } from '../../src/search/faqEngine';
import { startBot, type RunningBot } from '../support/botServer';
import { Conversation, OutboxWatch, otherCode, postResetForm, resetPageErrors, startBotWithLog, visibleText, type Reply, type TranscriptTurn } from './e2eKit';

/**
 * One end-to-end test per guided flow (issue 3), through the real app: POST /api/messages
 * with deliveryMode expectReplies, the demo account adapter, codes and links read from
 * GET /demo/outbox, and the reset page over HTTP. The adapter object is used only to check
 * the outcome (the new password, the lifted block), never to read codes.
 */

const v = messages.verification;
const pr = messages.passwordReset;
const ub = messages.unblock;
const rc = messages.recovery;
const page = messages.resetPage;

let bot: RunningBot;
let demo: DemoAccountAdapter;
/** Built once: the analyzer's dictionary takes seconds to load. */
const engine = FaqEngine.create({ knowledgeDir: defaultKnowledgeDir() });

beforeAll(async () => {
  bot = await startBot({}, engine);
  await bot.app.ready;
  if (bot.app.account.kind !== 'demo') throw new Error('flows.e2e: the demo account adapter is expected by default');
  demo = bot.app.account.demo;
});

afterAll(async () => {
  await bot.close();
});

function only(replies: readonly Reply[]): Reply {
  expect(replies).toHaveLength(1);
  return replies[0] as Reply;
}

describe('password reset over HTTP, finished on the reset page', () => {
  it('taro@example.com: SMS code from the outbox, a single-use link, a new password in force', async () => {
    const chat = new Conversation(bot);
    await chat.expectTexts('パスワードをリセットしたい', [pr.intro, pr.askAccount]);
    const methods = await chat.expectTexts('taro@example.com', [v.askMethod]);
    expect(only(methods).buttons).toEqual([v.methodEmail, v.methodSms, v.methodApp, v.methodNone]);
    await chat.expectTexts(v.methodSms, [v.askPhone]);

    const outbox = await OutboxWatch.start(bot);
    // Typed as an IME gives it: full-width digits and long-vowel marks for hyphens.
    const sent = await chat.expectTexts('０９０ー１２３４ー５６７８', [v.codeSent, v.askCode]);
    expect(sent[1]?.buttons).toEqual([v.resendButton, v.notReceivedButton]);
    const code = await outbox.onlyCode('090-1234-5678', 'security-code');

    const linked = await chat.expectTexts(code, [pr.done, '']);
    const card = linked[1]?.cards[0];
    expect(card).toMatchObject({ contentType: 'application/vnd.microsoft.card.hero', title: pr.linkTitle, text: pr.linkText });
    expect(card?.buttons).toHaveLength(1);
    const button = card?.buttons[0];
    expect(button?.type).toBe('openUrl');
    expect(button?.title).toBe(pr.linkButton);
    const link = button?.value ?? '';
    expect(link).toMatch(new RegExp(`^${bot.url}/demo/reset/[A-Za-z0-9_-]{16,}$`));
    // The link goes to the user in the chat only; the outbox got nothing more.
    expect(await outbox.messagesSince()).toHaveLength(1);

    const form = await fetch(link);
    expect(form.status).toBe(200);
    expect(form.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const formHtml = await form.text();
    expect(resetPageErrors(formHtml)).toEqual([]);
    expect(formHtml).toContain('<html lang="ja">');
    expect(formHtml).toContain(page.title);
    expect(formHtml).toContain(page.newPasswordLabel);
    expect(formHtml).toContain(page.confirmLabel);
    expect(formHtml.match(/type="password"/g)).toHaveLength(2);

    const weak = await postResetForm(link, 'abc', 'abc');
    expect(weak.status).toBe(400);
    const weakHtml = await weak.text();
    expect(weakHtml).toContain(page.errorTitle);
    expect(resetPageErrors(weakHtml)).toEqual([page.problems['too-short'](8), page.problems['too-few-kinds'](3)]);

    const mismatched = await postResetForm(link, 'Sakura#2024x', 'Sakura#2024y');
    expect(mismatched.status).toBe(400);
    expect(resetPageErrors(await mismatched.text())).toEqual([page.problems.mismatch]);

    const newPassword = 'Sakura#2024x';
    const success = await postResetForm(link, newPassword, newPassword);
    expect(success.status).toBe(200);
    const successHtml = await success.text();
    expect(successHtml).toContain(page.successTitle);
    expect(successHtml).not.toContain(newPassword);

    const again = await postResetForm(link, 'Another#2024z', 'Another#2024z');
    expect(again.status).toBe(410);
    expect(await again.text()).toContain(page.usedText);
    expect((await fetch(link)).status).toBe(410);

    // In force: by every sign-in name of the account, and only the new one.
    expect(await demo.passwordMatches('taro@example.com', newPassword)).toBe(true);
    expect(await demo.passwordMatches('taro_yamada', newPassword)).toBe(true);
    expect(await demo.passwordMatches('taro@example.com', 'Another#2024z')).toBe(false);
    expect(await demo.passwordMatches('taro@example.com', 'Sakura#2024y')).toBe(false);

    // The flow has ended: the root answers small talk again.
    await chat.expectTexts('こんにちは', [messages.greeting]);
  });
});

describe('unblock over HTTP', () => {
  it('hanako@example.com: SMS code to 080-9876-5432 from the outbox, unblocked, advised to change the password', async () => {
    expect(demo.accountState('hanako@example.com')).toBe('blocked');
    const chat = new Conversation(bot);
    await chat.expectTexts(startFlowText('unblockAccount'), [ub.intro, ub.askAccount]);
    const phone = await chat.expectTexts('hanako@example.com', [ub.askPhone]);
    expect(only(phone).buttons).toEqual([ub.noPhoneButton]);

    const outbox = await OutboxWatch.start(bot);
    await chat.expectTexts('080-9876-5432', [ub.codeSent, v.askCode]);
    const code = await outbox.onlyCode('080-9876-5432', 'unblock-code');
    const done = await chat.expectTexts(code, [ub.unblocked]);
    expect(only(done).text).toContain('パスワードを変更する');
    expect(only(done).buttons).toEqual([startFlowText('passwordReset')]);
    expect(demo.accountState('hanako@example.com')).toBe('active');

    // The advice's button starts password reset.
    await chat.expectTexts(startFlowText('passwordReset'), [pr.intro, pr.askAccount]);
    await chat.expectTexts('キャンセル', [messages.flow.cancelled(messages.flowTitles.passwordReset)]);
  });
});

describe('account recovery over HTTP', () => {
  it('jiro@example.com: contact verified from the outbox, the form, a masked summary, a ticket, its status', async () => {
    const f = rc.fields;
    const chat = new Conversation(bot);
    await chat.expectTexts(startFlowText('recoverAccount'), [rc.intro, rc.askAccount]);
    await chat.expectTexts('jiro@example.com', [rc.askContactEmail]);
    // The contact address must differ from the account.
    await chat.expectTexts('jiro@example.com', [rc.sameAsAccount, rc.askContactEmail]);

    const outbox = await OutboxWatch.start(bot);
    await chat.expectTexts('jiro.home@example.org', [rc.contactCodeSent, v.askCode]);
    const code = await outbox.onlyCode('jiro.home@example.org', 'recovery-contact-code');

    await chat.expectTexts(code, [rc.sectionTitles.account, f.lastName.prompt]);
    await chat.expectTexts('山田', [f.firstName.prompt]);
    await chat.expectTexts('次郎', [f.birthDate.prompt]);
    await chat.expectTexts('平成2年1月2日', [f.country.prompt]);
    await chat.expectTexts('日本', [f.prefecture.prompt]);
    await chat.expectTexts('東京', [f.postalCode.prompt]);
    await chat.expectTexts('100-0001', [rc.sectionTitles.mail, f.recentSubjects.prompt]);
    await chat.expectTexts('来週の打ち合わせ、写真を送ります', [f.folderNames.prompt]);
    await chat.expectTexts('作成していません', [f.recentRecipients.prompt]);
    const billing = await chat.expectTexts('hanako@example.com', [rc.askHasBilling]);
    expect(only(billing).buttons).toEqual([rc.yesButton, rc.noBillingButton]);

    const [summary] = await chat.say(rc.noBillingButton);
    const text = summary?.text ?? '';
    expect(text.startsWith(rc.summaryTitle)).toBe(true);
    expect(text.endsWith(rc.askConfirm)).toBe(true);
    expect(text).toContain(`- ${f.lastName.label}: 山＊`);
    expect(text).toContain(`- ${f.firstName.label}: 次＊`);
    expect(text).toContain(`- ${f.birthDate.label}: 1990年＊＊月＊＊日`);
    expect(text).toContain(`- ${f.postalCode.label}: 100-＊＊＊＊`);
    expect(text).toContain(`- ${f.recentSubjects.label}: ${rc.summary.items(2)}`);
    expect(text).toContain(`- ${f.folderNames.label}: ${NOT_REGISTERED}`);
    expect(text).toContain(`- ${f.recentRecipients.label}: ${rc.summary.items(1)}`);
    // Nothing personal in clear: names, the full date (either calendar), the postal code, mail contents, addresses.
    for (const clear of ['山田', '次郎', '平成', '01-02', '1月2日', '0001', '来週', '写真', 'hanako', 'jiro', '@']) expect(text).not.toContain(clear);
    expect(summary?.buttons).toEqual([rc.sendButton, rc.editButtons.account, rc.editButtons.mail, rc.editButtons.billing]);

    const submitWatch = await OutboxWatch.start(bot);
    const [submitted] = await chat.say(rc.sendButton);
    const ticket = /RR-[A-Z0-9]{8}/.exec(submitted?.text ?? '')?.[0] ?? '';
    expect(ticket).not.toBe('');
    expect(submitted?.text).toBe(rc.submitted(ticket));
    expect(submitted?.text).toContain('24 時間以内');
    const received = await submitWatch.onlyMessage('jiro.home@example.org', 'recovery-received');
    expect(received.ticketId).toBe(ticket);

    await chat.expectTexts(`復旧リクエストの状況 ${ticket}`, [messages.recoveryStatus.status.received]);
    // A ticket that was never issued is told apart from a pending one.
    await chat.expectTexts('復旧リクエストの状況 RR-NOSUCH23', [messages.recoveryStatus.notFound]);
  });
});

/** A transcript with nothing but what the user saw (the same shape for every conversation). */
function shown(transcript: readonly TranscriptTurn[]): readonly (readonly Reply[])[] {
  return transcript.map((t) => t.replies);
}

describe('no account enumeration over HTTP', () => {
  it('password reset: an existing account with a wrong contact, an unknown account, and the right contact read the same', async () => {
    const outbox = await OutboxWatch.start(bot);
    /** Runs the flow to the locked code; `code` gives the wrong code to type each time. */
    const contactTurnMs: number[] = [];
    const run = async (account: string, contact: string, code: () => Promise<string>) => {
      const chat = new Conversation(bot);
      await chat.say(startFlowText('passwordReset'));
      await chat.say(account);
      await chat.say(v.methodEmail);
      const started = performance.now();
      await chat.say(contact);
      contactTurnMs.push(performance.now() - started);
      const wrong = await code();
      for (let i = 0; i < 3; i++) await chat.say(wrong);
      return chat;
    };
    const fixed = async () => '123456';
    const wrongContact = await run('taro@example.com', 'not.registered@example.net', fixed);
    const unknownAccount = await run('nobody.here@example.com', 'not.registered@example.net', fixed);
    expect(await outbox.messagesSince()).toEqual([]);
    // The real contact gets a code; typing wrong ones must read exactly like the duds.
    const rightContact = await run('taro@example.com', 'taro.backup@example.net', async () => otherCode(await outbox.onlyCode('taro.backup@example.net', 'security-code')));

    const expected = [
      [pr.intro, pr.askAccount],
      [v.askMethod],
      [v.askEmail],
      [v.codeSent, v.askCode],
      [v.wrongCode(2), v.askCode],
      [v.wrongCode(1), v.askCode],
      [v.codeLocked, pr.lockedEnd],
    ];
    expect(shown(wrongContact.transcript).map((replies) => replies.map((r) => r.text))).toEqual(expected);
    expect(shown(unknownAccount.transcript)).toEqual(shown(wrongContact.transcript));
    expect(shown(rightContact.transcript)).toEqual(shown(wrongContact.transcript));
    // Timing: every send takes at least the adapter's floor, which hides the lookup (a bound, not a race: no flake).
    for (const ms of contactTurnMs) expect(ms).toBeGreaterThanOrEqual(DEFAULT_MIN_LATENCY_MS - 5);
  });

  it('unblock: an existing account with a wrong phone, an unknown account, and the right phone read the same', async () => {
    const outbox = await OutboxWatch.start(bot);
    const run = async (account: string, phone: string, code: () => Promise<string>) => {
      const chat = new Conversation(bot);
      await chat.say(startFlowText('unblockAccount'));
      await chat.say(account);
      await chat.say(phone);
      const wrong = await code();
      for (let i = 0; i < 3; i++) await chat.say(wrong);
      await chat.say('キャンセル');
      return chat;
    };
    const fixed = async () => '654321';
    const wrongPhone = await run('hanako@example.com', '090-0000-0000', fixed);
    const unknownAccount = await run('nobody.here@example.com', '090-0000-0000', fixed);
    expect(await outbox.messagesSince()).toEqual([]);
    const rightPhone = await run('hanako@example.com', '080-9876-5432', async () => otherCode(await outbox.onlyCode('080-9876-5432', 'unblock-code')));

    const expected = [
      [ub.intro, ub.askAccount],
      [ub.askPhone],
      [ub.codeSent, v.askCode],
      [v.wrongCode(2), v.askCode],
      [v.wrongCode(1), v.askCode],
      [v.codeLocked, ub.toIdentityCheck, ub.askRemembersSecret],
      [messages.flow.cancelled(messages.flowTitles.unblockAccount)],
    ];
    expect(shown(wrongPhone.transcript).map((replies) => replies.map((r) => r.text))).toEqual(expected);
    expect(shown(unknownAccount.transcript)).toEqual(shown(wrongPhone.transcript));
    expect(shown(rightPhone.transcript)).toEqual(shown(wrongPhone.transcript));
  });
});

describe('passwords and card numbers mid-flow over HTTP', () => {
  const warning = messages.sensitiveInput.warning;

  /** Sends a secret: only the warning comes back, and nothing of the secret is shown. */
  async function sendSecret(chat: Conversation, secret: string, fragment: string): Promise<void> {
    const replies = await chat.expectTexts(secret, [warning]);
    for (const reply of replies) expect(visibleText(reply)).not.toContain(fragment);
  }

  it('password reset: warned, not echoed, not counted as a bad try; the flow goes on at the same step', async () => {
    const chat = new Conversation(bot);
    await chat.expectTexts(startFlowText('passwordReset'), [pr.intro, pr.askAccount]);
    await chat.expectTexts('taro_yamada', [v.askMethod]);
    // Three in a row at one step: a bad answer three times would end the flow, these must not.
    await sendSecret(chat, 'Tr0ub4dor&3x!', 'Tr0ub4dor');
    await sendSecret(chat, '4111 1111 1111 1111', '4111');
    await sendSecret(chat, 'パスワードは abcd1234 です', 'abcd1234');
    await chat.expectTexts(v.methodEmail, [v.askEmail]);

    await sendSecret(chat, '4012-8888-8888-1881', '1881');
    const outbox = await OutboxWatch.start(bot);
    await chat.expectTexts('taro.backup@example.net', [v.codeSent, v.askCode]);
    const code = await outbox.onlyCode('taro.backup@example.net', 'security-code');

    await sendSecret(chat, 'MyNewP@ssw0rd', 'P@ssw0rd');
    const linked = await chat.expectTexts(code, [pr.done, '']);
    expect(linked[1]?.cards[0]?.buttons[0]?.type).toBe('openUrl');
  });

  it('recovery: a full card number at the last-4-digits step is refused the same way', async () => {
    const f = rc.fields;
    const chat = new Conversation(bot);
    await chat.expectTexts(startFlowText('recoverAccount'), [rc.intro, rc.askAccount]);
    await chat.expectTexts('jiro@example.com', [rc.askContactEmail]);
    const outbox = await OutboxWatch.start(bot);
    await chat.expectTexts('jiro.other@example.org', [rc.contactCodeSent, v.askCode]);
    const code = await outbox.onlyCode('jiro.other@example.org', 'recovery-contact-code');
    await chat.expectTexts(code, [rc.sectionTitles.account, f.lastName.prompt]);
    for (const next of [f.firstName, f.birthDate, f.country, f.prefecture, f.postalCode]) await chat.expectTexts(rc.skipButton, [rc.skipReminder, next.prompt]);
    await chat.expectTexts(rc.skipButton, [rc.skipReminder, rc.sectionTitles.mail, f.recentSubjects.prompt]);
    await chat.expectTexts(rc.skipButton, [rc.skipReminder, f.folderNames.prompt]);
    await chat.expectTexts(rc.skipButton, [rc.skipReminder, f.recentRecipients.prompt]);
    await chat.expectTexts(rc.skipButton, [rc.skipReminder, rc.askHasBilling]);
    await chat.expectTexts(rc.yesButton, [rc.sectionTitles.billing, f.xboxCardLast5.prompt]);
    await chat.expectTexts(rc.skipButton, [rc.skipReminder, f.cardHolderName.prompt]);
    await chat.expectTexts('JIRO YAMADA', [f.cardLast4.prompt]);

    await sendSecret(chat, '5500 0000 0000 0004', '0004');
    await chat.expectTexts('0004', [f.cardExpiry.prompt]);
    await chat.expectTexts('キャンセル', [messages.flow.cancelled(messages.flowTitles.recoverAccount)]);
  });
});

describe('the operator log over a whole flow', () => {
  it('holds no contact, code, link, password or card number in clear', async () => {
    const { bot: logged, lines } = await startBotWithLog(engine);
    try {
      const watch = await OutboxWatch.start(logged);
      const chat = new Conversation(logged);
      await chat.say(startFlowText('passwordReset'));
      await chat.say('taro@example.com');
      await chat.say(v.methodEmail);
      await chat.expectTexts('Tr0ub4dor&3x!', [messages.sensitiveInput.warning]);
      await chat.expectTexts('4111 1111 1111 1111', [messages.sensitiveInput.warning]);
      await chat.say('taro.backup@example.net');
      const code = await watch.onlyCode('taro.backup@example.net', 'security-code');
      const [, card] = await chat.expectTexts(code, [pr.done, '']);
      const link = card?.cards[0]?.buttons[0]?.value ?? '';
      const token = link.split('/').pop() ?? '';
      expect(token).not.toBe('');
      expect((await postResetForm(link, 'Sakura#2024x', 'Sakura#2024x')).status).toBe(200);

      const log = lines.join('\n');
      // The log did record the flow (so an empty log cannot pass), masked.
      expect(log).toContain('demoAccountAdapter: message sent');
      expect(log).toContain('bot: discarded a message that looked like a password or card number');
      expect(log).toContain('t***@example.com');
      for (const secret of ['taro@example.com', 'taro.backup@example.net', code, token, 'Sakura#2024x', 'Tr0ub4dor', '4111']) {
        expect(log, `the log holds 「${secret}」`).not.toContain(secret);
      }
    } finally {
      await logged.close();
    }
  });
});
