/**
 * Headless Debian Chromium for tests and tools, driven by playwright-core (which never downloads
 * a browser). Install it with `apt-get install -y chromium`; CHROMIUM_PATH overrides the path.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Flags for this environment: no sandbox as root, no GPU, no outbound connections of its own. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM_PATH);
}

/** Why a browser test cannot run here, or undefined if it can. */
export function chromiumMissingReason(): string | undefined {
  return chromiumAvailable() ? undefined : `${CHROMIUM_PATH} not found (install with: apt-get install -y chromium)`;
}

/** Launches headless Chromium; playwright gives it a fresh, temporary user-data-dir. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS, timeout: 30_000 });
}
