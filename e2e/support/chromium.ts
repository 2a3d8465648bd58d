import { existsSync } from 'node:fs';

const CHROMIUM = '/usr/bin/chromium';

/** Debian's Chromium when installed (Playwright's own browser otherwise), headless, quiet. */
export const launchOptions = {
  ...(existsSync(CHROMIUM) ? { executablePath: CHROMIUM } : {}),
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};
