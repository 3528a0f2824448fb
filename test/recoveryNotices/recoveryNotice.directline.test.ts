import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages } from '../../dialogs/messages';
import { startFlowText } from '../../dialogs/replies';
import { DemoAccountAdapter } from '../../src/account/demoAccountAdapter';
import { defaultKnowledgeDir } from '../../src/kb/loader';
import { recoveryNoticeText } from '../../src/recoveryNotices/recoveryStatusWatcher';
import { FaqEngine } from '../../src/search/faqEngine';
import { captureLogger } from '../account/helpers';
import { startBot, type RunningBot } from '../support/botServer';
import { DirectLineUser, endDirectLineUsers, waitUntilSaid } from '../support/directLineUser';

/**
 * Issue 8 through the real app: the recovery flow over the local Direct Line with the official
 * client, then the decision arriving on its own as a proactive message in the same chat.
 * The demo decides 2.5 s after submission and the watcher checks every 200 ms.
 */

const POLL_MS = 200;
const WATCH_INTERVAL_MS = 200;
const RECEIVED_MS = 1_000;
const REVIEW_MS = 2_500;
const rc = messages.recovery;
const f = rc.fields;

let bot: RunningBot;
let demo: DemoAccountAdapter;
const { logger, lines } = captureLogger();

beforeAll(async () => {
  demo = new DemoAccountAdapter({ logger, minLatencyMs: 0, recoveryReceivedMs: RECEIVED_MS, recoveryReviewMs: REVIEW_MS });
  const engine = FaqEngine.create({ knowledgeDir: defaultKnowledgeDir() });
  bot = await startBot({ RECOVERY_WATCH_INTERVAL_MS: String(WATCH_INTERVAL_MS) }, engine, logger, { account: { kind: 'demo', adapter: demo, demo } });
  await bot.app.ready;
}, 30_000);

afterAll(async () => {
  endDirectLineUsers();
  await bot?.close();
});


describe('recovery decision as a proactive message over the local Direct Line', () => {
  it('jiro submits in Web Chat; the decision arrives in the same chat on its own, once; the status question still answers', async () => {
    const user = await DirectLineUser.connect(`${bot.url}/v3/directline`, POLL_MS);
    await user.expectNext([messages.welcome.text], 'the welcome');

    await user.say(startFlowText('recoverAccount'), [rc.intro, rc.askAccount]);
    await user.say('jiro@example.com', [rc.askContactEmail]);
    await user.say('jiro.home@example.org', [rc.contactCodeSent, messages.verification.askCode]);
    const code = demo.outbox().find((m) => m.to === 'jiro.home@example.org' && m.kind === 'recovery-contact-code')?.code ?? '';
    await user.say(code, [rc.sectionTitles.account, f.lastName.prompt]);
    await user.say('山田', [f.firstName.prompt]);
    await user.say('次郎', [f.birthDate.prompt]);
    await user.say('平成2年1月2日', [f.country.prompt]);
    await user.say('日本', [f.prefecture.prompt]);
    await user.say('東京', [f.postalCode.prompt]);
    await user.say('100-0001', [rc.sectionTitles.mail, f.recentSubjects.prompt]);
    await user.say('来週の打ち合わせ', [f.folderNames.prompt]);
    await user.say('作成していません', [f.recentRecipients.prompt]);
    await user.say('hanako@example.com', [rc.askHasBilling]);
    const [summary] = await waitUntilSaid(user, rc.noBillingButton);
    expect(summary?.text?.startsWith(rc.summaryTitle)).toBe(true);

    const submittedAt = Date.now();
    const [submitted] = await waitUntilSaid(user, rc.sendButton, 2);
    const ticket = /RR-[A-Z0-9]{8}/.exec(submitted?.text ?? '')?.[0] ?? '';
    expect(submitted?.text).toBe(rc.submitted(ticket));
    expect(user.botMessages.at(-1)?.text).toBe(messages.recoveryNotice.willNotify);

    // Before the decision the status question answers as before, and nothing else arrives.
    await user.say(`復旧リクエストの状況 ${ticket}`, [messages.recoveryStatus.status.received]);

    const [notice] = await user.expectNext([recoveryNoticeText(ticket, 'verified')], 'the proactive notice');
    expect(Date.now() - submittedAt).toBeGreaterThanOrEqual(REVIEW_MS);
    expect(notice?.text?.startsWith(messages.recoveryNotice.heading(ticket))).toBe(true);
    // Not a reply to anything the client has: Web Chat shows it at once instead of holding it for the missing activity.
    expect(notice).not.toHaveProperty('replyToId');
    expect(notice?.conversation?.id).toBe(submitted?.conversation?.id);

    // The watcher forgot the conversation: several more checks send nothing.
    await new Promise((r) => setTimeout(r, WATCH_INTERVAL_MS * 5));
    expect(user.unseen()).toEqual([]);
    await user.say(`復旧リクエストの状況 ${ticket}`, [messages.recoveryStatus.status.verified]);

    const delivered = lines.filter((l) => l.includes('recoveryStatusWatcher: told the user of a recovery decision'));
    expect(delivered).toHaveLength(1);
    expect(JSON.parse(delivered[0] ?? '{}')).toMatchObject({ component: 'recoveryNotices', ticketId: ticket, status: 'verified', channelId: 'directline' });
  }, 60_000);
});
