// The README's pictures of the Web Chat page: `npm run screenshots` (which builds first).
// Starts the app as `npm start` builds it, on a free loopback port with a throwaway data folder,
// drives a short conversation in Debian's Chromium (scripts/install-browser.sh) at a desktop and
// at a phone size, and writes docs/webchat-desktop.png and docs/webchat-phone.png.
// The tests never write these files: pictures change only when someone runs this on purpose.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(ROOT, 'package.json'));
// The compiled app (tsc writes dist/; the npm script builds before running this).
const { createApp } = require('./dist/src/app.js');
const { loadConfig } = require('./dist/src/config.js');
const { messages } = require('./dist/dialogs/messages.js');
const { chromium } = require('playwright-core');
const pino = require('pino');

/** The same browser as the browser tests (test/channels/webchat/browser.ts). */
const CHROMIUM_PATH = process.env.MADOGUCHI_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const OUT_DIR = path.join(ROOT, 'docs');
/** A bot turn runs the real analyzer; the first page load parses Web Chat's 3.8 MB bundle. */
const UI_TIMEOUT_MS = 30_000;
/** Web Chat animates its scroll to the newest message: let it settle before the picture. */
const SETTLE_MS = 800;
/** The demo accounts of the README (taro: active, with a backup address). */
const DEMO_ACCOUNT = 'taro@example.com';
const DEMO_BACKUP_EMAIL = 'taro.backup@example.net';

const SHOTS = [
  { file: 'webchat-desktop.png', viewport: { width: 1280, height: 800 }, drive: passwordResetUpToCode },
  { file: 'webchat-phone.png', viewport: { width: 390, height: 844 }, drive: askFirstExample },
];

async function main() {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}; install it with scripts/install-browser.sh (or set MADOGUCHI_CHROMIUM)`);
  }
  // The embedded defaults, not this shell's environment, so the pictures are the same for everyone;
  // a throwaway data folder, so their conversations leave nothing in ./data.
  const loaded = loadConfig({ DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'madoguchi-shots-')), HANDOFF_HOURS: 'always' }, ROOT);
  if (!loaded.ok) throw new Error(loaded.error);
  const app = createApp({ config: loaded.config, logger: pino({ level: 'silent' }) });
  await new Promise((resolve) => app.server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${app.server.address().port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    await app.ready;
    fs.mkdirSync(OUT_DIR, { recursive: true });
    for (const shot of SHOTS) {
      const context = await browser.newContext({ viewport: shot.viewport, locale: 'ja-JP' });
      try {
        const page = await context.newPage();
        await page.goto(`${baseUrl}/`);
        await botText(page, messages.welcome.text.split('\n')[0]).waitFor({ timeout: UI_TIMEOUT_MS });
        await shot.drive(page);
        // The pointer stays where the last click was and would show that button as hovered.
        await page.mouse.move(0, 0);
        await page.waitForTimeout(SETTLE_MS);
        const file = path.join(OUT_DIR, shot.file);
        await page.screenshot({ path: file });
        process.stdout.write(`screenshots: wrote ${path.relative(ROOT, file)} (${shot.viewport.width}×${shot.viewport.height})\n`);
      } finally {
        await context.close();
      }
    }
  } finally {
    await browser.close();
    await app.stop();
  }
}

function botText(page, text) {
  return page.locator('.webchat__bubble:not(.webchat__bubble--from-user)').getByText(text, { exact: false }).first();
}

/** A visible suggested action (Web Chat also keeps a copy for screen readers). */
function suggested(page, name) {
  return page.locator('.webchat__suggested-actions').getByRole('button', { name, exact: true });
}

async function say(page, text) {
  const box = page.locator('[data-id="webchat-sendbox-input"]');
  await box.fill(text);
  await box.press('Enter');
}

/** Desktop: a password reset up to the code prompt, so the 「デモ受信箱」 beside the chat shows the code. */
async function passwordResetUpToCode(page) {
  const v = messages.verification;
  await suggested(page, messages.welcome.examples[0]).click({ timeout: UI_TIMEOUT_MS });
  await suggested(page, messages.answer.startFlowButton(messages.flowTitles.passwordReset)).click({ timeout: UI_TIMEOUT_MS });
  await botText(page, messages.passwordReset.askAccount).waitFor({ timeout: UI_TIMEOUT_MS });
  await say(page, DEMO_ACCOUNT);
  await suggested(page, v.methodEmail).click({ timeout: UI_TIMEOUT_MS });
  await botText(page, v.askEmail).waitFor({ timeout: UI_TIMEOUT_MS });
  await say(page, DEMO_BACKUP_EMAIL);
  await botText(page, v.askCode).waitFor({ timeout: UI_TIMEOUT_MS });
  await page.locator('.inbox__item[data-kind="security-code"]').first().waitFor({ timeout: UI_TIMEOUT_MS });
}

/** Phone: one answer with its buttons, the send box at the bottom and the inbox button in the header. */
async function askFirstExample(page) {
  await suggested(page, messages.welcome.examples[0]).click({ timeout: UI_TIMEOUT_MS });
  await suggested(page, messages.answer.startFlowButton(messages.flowTitles.passwordReset)).waitFor({ timeout: UI_TIMEOUT_MS });
}

main().catch((err) => {
  process.stderr.write(`screenshots: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
