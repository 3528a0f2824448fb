import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium (scripts/install-browser.sh); MADOGUCHI_CHROMIUM overrides. */
export const CHROMIUM_PATH = process.env.MADOGUCHI_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export type BrowserAvailability = { available: true } | { available: false; reason: string };

/**
 * Whether the browser tests can run. Without Chromium they are skipped with a loud message,
 * except under CI=true, where a missing browser is an error: CI must run them.
 */
export function browserAvailability(): BrowserAvailability {
  if (fs.existsSync(CHROMIUM_PATH)) return { available: true };
  const reason = `webchat browser tests: Chromium not found at ${CHROMIUM_PATH}; install it with scripts/install-browser.sh (or set MADOGUCHI_CHROMIUM)`;
  if (process.env.CI === 'true') throw new Error(`${reason}. CI=true: the browser tests must run in CI.`);
  const bar = '!'.repeat(100);
  process.stderr.write(`\n${bar}\n!! SKIPPING the Web Chat browser tests.\n!! ${reason}\n${bar}\n\n`);
  return { available: false, reason };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}
