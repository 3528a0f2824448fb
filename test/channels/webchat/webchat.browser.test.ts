import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOT_NAME, messages } from '../../../dialogs/messages';
import { browserAvailability, launchChromium } from './browser';
import { startRealStack, type RealStack } from './realStack';

const ROOT = path.resolve(__dirname, '../../..');
const ARTIFACTS = path.join(ROOT, 'test-artifacts');
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

describe.skipIf(!availability.available)('Web Chat page in headless Chromium (real bot, local Direct Line)', () => {
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

  async function open(viewport = { width: 1200, height: 860 }): Promise<OpenPage> {
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

  it('shows the welcome in Japanese, with the bot name in the header', async () => {
    const { page, errors } = await open();
    await expect(page.title()).resolves.toBe(messages.webChatPage.title);
    await expect(page.locator('h1').textContent()).resolves.toBe(BOT_NAME);
    await botText(page, messages.welcome.text.split('\n')[0] ?? '').waitFor({ timeout: UI_TIMEOUT_MS });
    await expect(sendBox(page).getAttribute('placeholder')).resolves.toBe(messages.webChatPage.sendBoxPlaceholder);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ja');
    expect(errors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
  }, TEST_TIMEOUT_MS);

  it('answers 「パスワードを忘れました」 with the forgot-password entry, and saves a screenshot', async () => {
    const { page, requests, errors } = await open();
    await botText(page, messages.welcome.text.split('\n')[0] ?? '').waitFor({ timeout: UI_TIMEOUT_MS });
    await say(page, 'パスワードを忘れました');
    await page.locator('.webchat__bubble--from-user').getByText('パスワードを忘れました').waitFor({ timeout: UI_TIMEOUT_MS });
    await botText(page, FORGOT_PASSWORD_TITLE).waitFor({ timeout: UI_TIMEOUT_MS });
    // Give Web Chat a moment to settle its scroll before the picture.
    await page.waitForTimeout(500);

    fs.mkdirSync(ARTIFACTS, { recursive: true });
    fs.mkdirSync(path.join(ROOT, 'docs'), { recursive: true });
    const shot = await page.screenshot({ path: path.join(ARTIFACTS, 'webchat.png') });
    fs.writeFileSync(path.join(ROOT, 'docs', 'webchat.png'), shot);
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

  it('is readable on a phone: no horizontal scrolling, chat above the demo inbox', async () => {
    const { page } = await open({ width: 390, height: 844 });
    await botText(page, messages.welcome.text.split('\n')[0] ?? '').waitFor({ timeout: UI_TIMEOUT_MS });
    const layout = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
      chatBottom: document.querySelector('.chat')?.getBoundingClientRect().bottom ?? 0,
      inboxTop: document.querySelector('.inbox')?.getBoundingClientRect().top ?? -1,
    }));
    expect(layout.scrollWidth).toBeLessThanOrEqual(layout.innerWidth);
    expect(layout.inboxTop).toBeGreaterThanOrEqual(layout.chatBottom - 1);
  }, TEST_TIMEOUT_MS);

  it('completes the password reset flow using the code from the 「デモ受信箱」 panel', async () => {
    const { page, errors } = await open();
    await expect(page.locator('#inbox-title').textContent()).resolves.toBe(messages.webChatPage.inbox.title);
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
    await sendBox(page).press('Enter');

    await botText(page, messages.passwordReset.done.slice(0, 12)).waitFor({ timeout: UI_TIMEOUT_MS });
    const link = page.getByRole('button', { name: messages.passwordReset.linkButton }).or(page.getByRole('link', { name: messages.passwordReset.linkButton }));
    await link.first().waitFor({ timeout: UI_TIMEOUT_MS });
    await page.screenshot({ path: path.join(ARTIFACTS, 'webchat-password-reset.png') });
    expect(errors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
  }, TEST_TIMEOUT_MS);
});
