import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';

/** Where browser tests leave their screenshots. */
export const ARTIFACTS = path.resolve(__dirname, '../../test-artifacts');

/**
 * Debian's Chromium, headless, with the flags this closed network needs (no background connections), and
 * the screenshot folder made. A missing browser is a clear failure that says how to install it.
 */
export async function launchChromium(): Promise<Browser> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!fs.existsSync(executablePath)) {
    throw new Error(`Expected Chromium at ${executablePath}, but it is not installed: run 'apt-get install chromium fonts-wqy-zenhei' (Debian), or set CHROMIUM_PATH`);
  }
  return chromium.launch({ executablePath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}
