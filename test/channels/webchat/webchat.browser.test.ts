import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BOT_NAME, messages } from '../../../dialogs/messages';
import { defaultKnowledgeDir, loadKnowledgeBase } from '../../../src/kb/loader';
import { axeViolations } from './axe';
import { browserAvailability, launchChromium } from './browser';
import { startRealStack, type RealStack } from './realStack';

/**
 * Screenshots go to a fresh temporary folder: tests write no tracked file (the README's
 * pictures come from `npm run screenshots`). MADOGUCHI_TEST_ARTIFACTS keeps them somewhere known.
 */
const ARTIFACTS = artifactsFolder();
function artifactsFolder(): string {
  const chosen = process.env.MADOGUCHI_TEST_ARTIFACTS;
  if (!chosen) return fs.mkdtempSync(path.join(os.tmpdir(), 'madoguchi-webchat-'));
  fs.mkdirSync(chosen, { recursive: true });
  return chosen;
}
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
/** Rounding of fractional layout (device pixels, borders): "within the viewport" allows this much. */
const LAYOUT_SLACK_PX = 2;
/** FAQ entries with the longest answers: eight of them fill any transcript several times over. */
const LONG_ANSWER_IDS = [
  'account-recovery',
  'account-blocked',
  'weak-password-warning',
  'forgot-account-name',
  'close-hotmail',
  'forgot-password',
  'captcha',
  'merge-accounts',
];
/** Bot turns run the real analyzer; the first page load parses a 3.8 MB bundle. */
const UI_TIMEOUT_MS = 30_000;
/** Per test: a page load plus several real bot turns, on a shared 2-core CI machine. */
const TEST_TIMEOUT_MS = 120_000;
const FORGOT_PASSWORD_TITLE = 'パスワードを忘れてしまったのですが?';
const ACCOUNT_BLOCKED_TITLE = 'アカウントがブロックされてしまったのですが、解除するにはどうしたらよいですか?';

const availability = browserAvailability();

interface OpenPage {
  readonly page: Page;
  readonly context: BrowserContext;
  /** Every URL the page requested. */
  readonly requests: string[];
  /** Console errors, CSP violations included. */
  readonly errors: string[];
}

/**
 * The tests run concurrently, each in a browser context of its own on one Chromium and one bot:
 * each opens its own conversation, and most of their time is spent waiting for the page and the
 * bot, so three at a time take a third of the time without sharing anything but the process.
 */
const CONCURRENT_PAGES = 3;

vi.setConfig({ maxConcurrency: CONCURRENT_PAGES });

describe.skipIf(!availability.available)('Web Chat page in headless Chromium (real bot, local Direct Line)', { concurrent: true }, () => {
  let stack: RealStack;
  let browser: Browser;
  const opened: OpenPage[] = [];

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startRealStack(), launchChromium()]);
  }, TEST_TIMEOUT_MS);

  afterAll(async () => {
    for (const o of opened) await o.context.close();
    await browser?.close();
    await stack?.close();
  });

  async function open(viewport: { width: number; height: number } = { width: 1200, height: 860 }): Promise<OpenPage> {
    const context = await browser.newContext({ viewport, locale: 'ja-JP' });
    const page = await context.newPage();
    const requests: string[] = [];
    const errors: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${stack.baseUrl}/`);
    const o = { page, context, requests, errors };
    opened.push(o);
    return o;
  }

  const sendBox = (page: Page) => page.locator('[data-id="webchat-sendbox-input"]');
  /** A suggested action under the latest message (Web Chat also keeps a hidden copy for screen readers). */
  const suggested = (page: Page, name: string) => page.locator('.webchat__suggested-actions').getByRole('button', { name, exact: true });

  async function say(page: Page, text: string): Promise<void> {
    await sendBox(page).fill(text);
    await sendBox(page).press('Enter');
  }

  /** Text shown in a bot bubble (the transcript, not the send box or the buttons). */
  const botText = (page: Page, text: string) => page.locator('.webchat__bubble:not(.webchat__bubble--from-user)').getByText(text, { exact: false }).first();
  const welcomed = (page: Page) => botText(page, messages.welcome.text.split('\n')[0] ?? '').waitFor({ timeout: UI_TIMEOUT_MS });
  const inboxToggle = (page: Page) => page.locator('#inbox-toggle');

  /** Whether keyboard focus is in Web Chat's send box (so Enter sends what it holds). */
  const sendBoxFocused = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-id') === 'webchat-sendbox-input');

  /** Where things are on screen, in CSS pixels of the viewport. */
  function measureLayout(page: Page) {
    return page.evaluate(() => {
      const rect = (el: Element | null) => {
        const r = el?.getBoundingClientRect();
        return r ? { top: r.top, bottom: r.bottom, height: r.height } : null;
      };
      // Only buttons that take room: Web Chat also keeps a copy of the suggested actions for screen readers.
      const buttons = Array.from(document.querySelectorAll('.webchat__suggested-actions button')).map((b) => b.getBoundingClientRect()).filter((r) => r.width > 2 && r.height > 2);
      const scrollable = document.querySelector('.webchat__basic-transcript__scrollable');
      return {
        innerHeight: window.innerHeight,
        innerWidth: window.innerWidth,
        documentHeight: document.documentElement.scrollHeight,
        documentWidth: document.documentElement.scrollWidth,
        pageScrollY: window.scrollY,
        header: rect(document.querySelector('.site-header')),
        sendBox: rect(document.querySelector('[data-id="webchat-sendbox-input"]')),
        suggestedTop: buttons.length ? Math.min(...buttons.map((r) => r.top)) : null,
        suggestedBottom: buttons.length ? Math.max(...buttons.map((r) => r.bottom)) : null,
        transcript: scrollable ? { scrollHeight: scrollable.scrollHeight, clientHeight: scrollable.clientHeight, scrollTop: scrollable.scrollTop } : null,
      };
    });
  }

  /** Asks a question and waits for the answer that starts with `title`. */
  async function ask(page: Page, question: string, title: string): Promise<void> {
    await say(page, question);
    await botText(page, title).waitFor({ timeout: UI_TIMEOUT_MS });
  }

  /** Runs the password reset flow on taro's account up to the code prompt, the code sent by `method`. */
  async function resetUpToCode(page: Page, method: 'email' | 'sms' | 'app'): Promise<void> {
    const v = messages.verification;
    await welcomed(page);
    await say(page, 'パスワードを忘れました');
    await botText(page, FORGOT_PASSWORD_TITLE).waitFor({ timeout: UI_TIMEOUT_MS });
    await suggested(page, messages.answer.startFlowButton(messages.flowTitles.passwordReset)).click({ timeout: UI_TIMEOUT_MS });
    await botText(page, messages.passwordReset.askAccount).waitFor({ timeout: UI_TIMEOUT_MS });
    await say(page, 'taro@example.com');
    await suggested(page, { email: v.methodEmail, sms: v.methodSms, app: v.methodApp }[method]).click({ timeout: UI_TIMEOUT_MS });
    if (method === 'email') {
      await botText(page, v.askEmail).waitFor({ timeout: UI_TIMEOUT_MS });
      await say(page, 'taro.backup@example.net');
    } else if (method === 'sms') {
      await botText(page, v.askPhone).waitFor({ timeout: UI_TIMEOUT_MS });
      await say(page, '090-1234-5678');
    }
    await botText(page, method === 'app' ? v.askAppCode : v.askCode).waitFor({ timeout: UI_TIMEOUT_MS });
  }

  it('shows the welcome in Japanese, with the bot name in the header', async () => {
    const { page, errors } = await open();
    await expect(page.title()).resolves.toBe(messages.webChatPage.title);
    await expect(page.locator('h1').textContent()).resolves.toBe(BOT_NAME);
    await botText(page, messages.welcome.text.split('\n')[0] ?? '').waitFor({ timeout: UI_TIMEOUT_MS });
    await expect(sendBox(page).getAttribute('placeholder')).resolves.toBe(messages.webChatPage.sendBoxPlaceholder);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ja');
    expect(errors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
  }, TEST_TIMEOUT_MS);

  it('answers 「パスワードを忘れました」 with the forgot-password entry, and takes a screenshot (into a temporary folder)', async () => {
    const { page, requests, errors } = await open();
    await botText(page, messages.welcome.text.split('\n')[0] ?? '').waitFor({ timeout: UI_TIMEOUT_MS });
    await say(page, 'パスワードを忘れました');
    await page.locator('.webchat__bubble--from-user').getByText('パスワードを忘れました').waitFor({ timeout: UI_TIMEOUT_MS });
    await botText(page, FORGOT_PASSWORD_TITLE).waitFor({ timeout: UI_TIMEOUT_MS });
    // Give Web Chat a moment to settle its scroll before the picture.
    await page.waitForTimeout(500);

    const shot = await page.screenshot({ path: path.join(ARTIFACTS, 'webchat.png') });
    expect(shot.length).toBeGreaterThan(10_000);

    // Everything came from this server: no CDN, nothing leaked to a third party.
    const foreign = requests.filter((u) => !u.startsWith(stack.baseUrl) && !u.startsWith('data:') && !u.startsWith('blob:'));
    expect(foreign).toEqual([]);
    expect(requests).toContain(`${stack.baseUrl}/webchat/vendor/webchat.js`);
    expect(errors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
  }, TEST_TIMEOUT_MS);

  it('sends a suggested action when clicked, and answers it', async () => {
    const { page } = await open();
    const example = messages.welcome.examples[1];
    await suggested(page, example).click({ timeout: UI_TIMEOUT_MS });
    await page.locator('.webchat__bubble--from-user').getByText(example).waitFor({ timeout: UI_TIMEOUT_MS });
    await botText(page, ACCOUNT_BLOCKED_TITLE).waitFor({ timeout: UI_TIMEOUT_MS });
  }, TEST_TIMEOUT_MS);

  it('keeps the conversation across a reload (reconnect with the saved token)', async () => {
    const { page } = await open();
    await botText(page, messages.welcome.text.split('\n')[0] ?? '').waitFor({ timeout: UI_TIMEOUT_MS });
    await say(page, 'パスワードを忘れました');
    await botText(page, FORGOT_PASSWORD_TITLE).waitFor({ timeout: UI_TIMEOUT_MS });
    await page.reload();
    await page.locator('.webchat__bubble--from-user').getByText('パスワードを忘れました').waitFor({ timeout: UI_TIMEOUT_MS });
    await botText(page, FORGOT_PASSWORD_TITLE).waitFor({ timeout: UI_TIMEOUT_MS });
  }, TEST_TIMEOUT_MS);

  it('is readable on a phone: no horizontal scrolling, the chat fills the screen and the demo inbox waits behind the header button', async () => {
    const { page } = await open(PHONE);
    await welcomed(page);
    const layout = await measureLayout(page);
    expect(layout.documentWidth).toBeLessThanOrEqual(layout.innerWidth);
    // The inbox is not below the chat any more: it is a closed drawer, out of the layout.
    await expect(page.locator('#inbox').isVisible()).resolves.toBe(false);
    await expect(inboxToggle(page).isVisible()).resolves.toBe(true);
    expect(layout.sendBox?.bottom ?? Infinity).toBeLessThanOrEqual(layout.innerHeight + LAYOUT_SLACK_PX);
  }, TEST_TIMEOUT_MS);

  it('completes the password reset flow using the code from the 「デモ受信箱」 panel', async () => {
    const { page, errors } = await open();
    await expect(page.locator('#inbox-title').textContent()).resolves.toBe(messages.webChatPage.inbox.title);
    // Beside the chat on a wide screen: no drawer button.
    await expect(inboxToggle(page).isVisible()).resolves.toBe(false);
    await botText(page, messages.welcome.text.split('\n')[0] ?? '').waitFor({ timeout: UI_TIMEOUT_MS });
    await say(page, 'パスワードを忘れました');
    await botText(page, FORGOT_PASSWORD_TITLE).waitFor({ timeout: UI_TIMEOUT_MS });
    await page.locator('.webchat__suggested-actions button').first().waitFor({ timeout: UI_TIMEOUT_MS });
    const startFlow = suggested(page, messages.answer.startFlowButton(messages.flowTitles.passwordReset));
    const v = messages.verification;
    await startFlow.click();
    await botText(page, messages.passwordReset.askAccount).waitFor({ timeout: UI_TIMEOUT_MS });
    await say(page, 'taro@example.com');
    await suggested(page, v.methodEmail).click({ timeout: UI_TIMEOUT_MS });
    await botText(page, v.askEmail).waitFor({ timeout: UI_TIMEOUT_MS });
    await say(page, 'taro.backup@example.net');
    await botText(page, v.askCode).waitFor({ timeout: UI_TIMEOUT_MS });

    // The code arrives in the demo inbox; its button puts it into the send box.
    const item = page.locator('.inbox__item[data-kind="security-code"]').first();
    await item.waitFor({ timeout: UI_TIMEOUT_MS });
    await expect(item.locator('.inbox__to').textContent()).resolves.toBe(`${messages.webChatPage.inbox.toPrefix}taro.backup@example.net`);
    const code = (await item.locator('.inbox__code').textContent()) ?? '';
    expect(code).toMatch(/^\d{6}$/);
    await item.getByRole('button', { name: messages.webChatPage.inbox.sendToChat }).click();
    await expect(sendBox(page).inputValue()).resolves.toBe(code);
    // Focus moved to the send box: Enter on the keyboard (not on a located element) sends the code.
    await expect.poll(() => sendBoxFocused(page), { timeout: UI_TIMEOUT_MS }).toBe(true);
    await page.keyboard.press('Enter');

    await botText(page, messages.passwordReset.done.slice(0, 12)).waitFor({ timeout: UI_TIMEOUT_MS });
    const link = page.getByRole('button', { name: messages.passwordReset.linkButton }).or(page.getByRole('link', { name: messages.passwordReset.linkButton }));
    await link.first().waitFor({ timeout: UI_TIMEOUT_MS });
    await page.screenshot({ path: path.join(ARTIFACTS, 'webchat-password-reset.png') });
    expect(errors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
  }, TEST_TIMEOUT_MS);
  for (const [name, viewport] of [
    ['a phone (390×844)', PHONE],
    ['a desktop (1280×800)', DESKTOP],
  ] as const) {
    it(`keeps the header, the send box and the suggested actions on screen after a long exchange, on ${name}; the transcript scrolls instead of the page`, async () => {
      const { page, errors } = await open(viewport);
      await welcomed(page);
      const kb = loadKnowledgeBase(defaultKnowledgeDir());
      if (!kb.ok) throw new Error(kb.errors.join('\n'));
      for (const id of LONG_ANSWER_IDS) {
        const question = kb.kb.byId(id)?.question;
        if (!question) throw new Error(`no FAQ entry ${id}`);
        await ask(page, question, question);
      }
      // The last answer offers buttons (related questions, a flow to start): wait until they are laid out.
      await page.locator('.webchat__suggested-actions button').first().waitFor({ timeout: UI_TIMEOUT_MS });
      await page.waitForTimeout(500);
      await page.screenshot({ path: path.join(ARTIFACTS, `webchat-long-${viewport.width}x${viewport.height}.png`) });

      const layout = await measureLayout(page);
      // The page is one viewport tall and not scrolled: nothing is pushed below the fold.
      expect(layout.documentHeight).toBeLessThanOrEqual(layout.innerHeight + LAYOUT_SLACK_PX);
      expect(layout.pageScrollY).toBe(0);
      expect(layout.documentWidth).toBeLessThanOrEqual(layout.innerWidth);
      expect(layout.header?.top).toBe(0);
      expect(layout.sendBox).not.toBeNull();
      expect(layout.sendBox?.top ?? -1).toBeGreaterThanOrEqual(0);
      expect(layout.sendBox?.bottom ?? Infinity).toBeLessThanOrEqual(layout.innerHeight + LAYOUT_SLACK_PX);
      expect(layout.suggestedTop ?? -1).toBeGreaterThanOrEqual(layout.header?.bottom ?? 0);
      expect(layout.suggestedBottom ?? Infinity).toBeLessThanOrEqual(layout.sendBox?.top ?? 0);
      // Eight long answers do not fit: the transcript scrolls, and it followed the conversation to its end.
      const t = layout.transcript;
      expect(t).not.toBeNull();
      expect(t?.scrollHeight ?? 0).toBeGreaterThan((t?.clientHeight ?? 0) * 2);
      expect(t?.scrollTop ?? 0).toBeGreaterThan(0);
      // The first question, scrolled out of view, is still in the transcript.
      await page.locator('.webchat__basic-transcript__scrollable').evaluate((el) => el.scrollTo({ top: 0 }));
      const firstQuestion = page.locator('.webchat__bubble--from-user').first();
      await expect.poll(async () => (await firstQuestion.boundingBox())?.y ?? -1, { timeout: UI_TIMEOUT_MS }).toBeGreaterThanOrEqual(0);

      // WCAG 2.0/2.1 A and AA, on a long transcript with suggested actions.
      expect(await axeViolations(page)).toEqual([]);
      expect(errors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
    }, 3 * TEST_TIMEOUT_MS);
  }

  it('opens and closes the demo inbox drawer on a phone (aria-expanded, Escape, the close button, focus in and back), with no accessibility violation', async () => {
    const { page, errors } = await open(PHONE);
    await welcomed(page);
    const toggle = inboxToggle(page);
    const inbox = page.locator('#inbox');
    await expect(toggle.getAttribute('aria-controls')).resolves.toBe('inbox');
    await expect(toggle.getAttribute('aria-expanded')).resolves.toBe('false');
    await expect(toggle.textContent()).resolves.toContain(messages.webChatPage.inbox.title);
    expect(await axeViolations(page)).toEqual([]);

    await toggle.click();
    await expect(toggle.getAttribute('aria-expanded')).resolves.toBe('true');
    await expect(inbox.isVisible()).resolves.toBe(true);
    const focusInside = () => inbox.evaluate((el) => el.contains(document.activeElement));
    await expect(focusInside()).resolves.toBe(true);
    // The drawer lies over the chat, inside the viewport.
    const box = await inbox.boundingBox();
    expect(box?.x ?? -1).toBeGreaterThanOrEqual(0);
    expect((box?.x ?? 0) + (box?.width ?? Infinity)).toBeLessThanOrEqual(PHONE.width + LAYOUT_SLACK_PX);
    expect(await axeViolations(page)).toEqual([]);

    await page.keyboard.press('Escape');
    await expect(toggle.getAttribute('aria-expanded')).resolves.toBe('false');
    await expect(inbox.isVisible()).resolves.toBe(false);
    await expect(toggle.evaluate((el) => el === document.activeElement)).resolves.toBe(true);

    // Keyboard again: Enter on the focused button opens it, the close button closes it.
    await page.keyboard.press('Enter');
    await expect(toggle.getAttribute('aria-expanded')).resolves.toBe('true');
    await inbox.getByRole('button', { name: messages.webChatPage.inbox.closeLabel, exact: true }).click();
    await expect(inbox.isVisible()).resolves.toBe(false);
    await expect(toggle.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    expect(errors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
  }, TEST_TIMEOUT_MS);

  it('on a phone: a code sent by SMS appears in the drawer, 「チャットに入力」 closes it and focuses the send box, Enter sends the code', async () => {
    const { page, errors } = await open(PHONE);
    await resetUpToCode(page, 'sms');
    const toggle = inboxToggle(page);
    // The drawer is closed, so the header button marks that something new arrived.
    await page.locator('#inbox-unread').waitFor({ timeout: UI_TIMEOUT_MS });
    await expect(toggle.textContent()).resolves.toContain(messages.webChatPage.inbox.unread);
    await toggle.click();
    await expect(page.locator('#inbox-unread').isVisible()).resolves.toBe(false);

    const item = page.locator('.inbox__item[data-kind="security-code"]').filter({ hasText: '090-1234-5678' }).first();
    await item.waitFor({ timeout: UI_TIMEOUT_MS });
    const code = (await item.locator('.inbox__code').textContent()) ?? '';
    expect(code).toMatch(/^\d{6}$/);
    await item.getByRole('button', { name: messages.webChatPage.inbox.sendToChat }).click();

    await expect(toggle.getAttribute('aria-expanded')).resolves.toBe('false');
    await expect(page.locator('#inbox').isVisible()).resolves.toBe(false);
    await expect.poll(() => sendBoxFocused(page), { timeout: UI_TIMEOUT_MS }).toBe(true);
    await expect(sendBox(page).inputValue()).resolves.toBe(code);
    await page.keyboard.press('Enter');
    await page.locator('.webchat__bubble--from-user').getByText(code).waitFor({ timeout: UI_TIMEOUT_MS });
    await botText(page, messages.passwordReset.done.slice(0, 12)).waitFor({ timeout: UI_TIMEOUT_MS });
    const layout = await measureLayout(page);
    expect(layout.documentHeight).toBeLessThanOrEqual(layout.innerHeight + LAYOUT_SLACK_PX);
    await page.screenshot({ path: path.join(ARTIFACTS, 'webchat-phone-reset.png') });
    expect(errors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
  }, TEST_TIMEOUT_MS);

  it("shows the bot's typing indicator (the bot sends `typing` while the account service works)", async () => {
    const { page } = await open(PHONE);
    await welcomed(page);
    const conversationId = await page.evaluate(() => (JSON.parse(sessionStorage.getItem('madoguchi.conversation') ?? '{}') as { conversationId?: string }).conversationId);
    expect(conversationId).toBeTruthy();
    // Sent the way the bot's own replies arrive: CloudAdapter posts them to this server's Bot Connector route.
    const res = await fetch(`${stack.baseUrl}/v3/conversations/${encodeURIComponent(conversationId ?? '')}/activities`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ type: 'typing', from: { id: 'madoguchi', name: BOT_NAME, role: 'bot' } }),
    });
    expect(res.status).toBe(200);
    await page.locator('.webchat__typing-indicator').waitFor({ timeout: UI_TIMEOUT_MS });
  }, TEST_TIMEOUT_MS);

  it("shows only this conversation's messages in the demo inbox, never another visitor's", async () => {
    // Visitor A sends a code to taro's backup e-mail and waits at the code step.
    const a = await open();
    await resetUpToCode(a.page, 'email');
    const itemsOf = (page: Page) => page.locator('.inbox__item');
    await itemsOf(a.page).first().waitFor({ timeout: UI_TIMEOUT_MS });
    // Visitor B, in another browser context, sees an empty inbox through several polls.
    const b = await open();
    await welcomed(b.page);
    await b.page.locator('#inbox-status', { hasText: messages.webChatPage.inbox.empty }).waitFor({ timeout: UI_TIMEOUT_MS });
    await b.page.waitForTimeout(2_500);
    await expect(itemsOf(b.page).count()).resolves.toBe(0);
    // And A still sees its own.
    await expect(itemsOf(a.page).count()).resolves.toBeGreaterThan(0);
  }, TEST_TIMEOUT_MS);

  it('names the authenticator app in words in the inbox, never by the service identifier', async () => {
    const { page } = await open();
    await resetUpToCode(page, 'app');
    const item = page.locator('.inbox__item[data-kind="authenticator-code"]').first();
    await item.waitFor({ timeout: UI_TIMEOUT_MS });
    await expect(item.locator('.inbox__to').textContent()).resolves.toBe(`${messages.webChatPage.inbox.toPrefix}${messages.webChatPage.inbox.authenticatorApp}`);
    await expect(page.locator('#inbox').textContent()).resolves.not.toContain('authenticator-app');
  }, TEST_TIMEOUT_MS);
});
