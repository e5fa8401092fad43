/**
 * A page in headless Chromium with Microsoft's Adaptive Cards renderer (adaptivecards 3.x, UMD
 * build — it cannot be required in Node) and the Microsoft Teams light host config, used to
 * parse, validate, render and screenshot our cards. TextBlock and Fact texts go through the
 * Markdown subset Teams renders (test/cards-render/checker.js), so `\`-escapes do not show.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../lib/chromium.js';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
/** The `adaptivecards` package, installed under the alias adaptivecards-umd (see docs/cards/README.md). */
const RENDERER_DIR = join(dirname(require.resolve('adaptivecards-umd/package.json')), 'dist');
const CHECKER_JS = join(here, '..', '..', 'test', 'cards-render', 'checker.js');
export const TEAMS_HOST_CONFIG = join(here, '..', '..', 'test', 'cards-render', 'teams-light.hostconfig.json');
/** Width of a card in a Teams desktop chat (cards are not full width by default). */
export const CARD_WIDTH = 450;

export interface CardEvent {
  phase: string;
  event: string;
  message: string;
}

export interface CardCheck {
  parseEvents: CardEvent[];
  validation: CardEvent[];
  objectModel: string[];
  version: string;
}

export interface Rendered {
  width: number;
  height: number;
  /** innerText of the rendered card. */
  text: string;
  /** innerHTML of the rendered card. */
  html: string;
  /** Each TextBlock element in document order (Fact titles and values are TextBlocks too). */
  textBlocks: Array<{ text: string; html: string }>;
}

interface CheckerWindow {
  cardChecker: {
    setHostConfig(json: unknown): void;
    check(json: unknown): CardCheck;
    render(json: unknown): Rendered;
    markdown(text: string): string;
  };
}

const PAGE = `<!doctype html><html><head><meta charset="utf-8"><style>
  body { margin: 0; padding: 12px; background: #f5f5f5; font-family: 'Segoe UI', 'Noto Sans', 'DejaVu Sans', sans-serif; }
  #stage { width: ${CARD_WIDTH}px; background: #fff; border: 1px solid #e0e0e0; border-radius: 6px; overflow: hidden; }
</style></head><body><div id="stage"></div></body></html>`;

export class CardPage {
  private constructor(
    private readonly browser: Browser,
    private readonly page: Page,
  ) {}

  /** `locale` sets the browser language (date inputs show dd.mm.yyyy for de-DE). */
  static async open(locale = 'en-US'): Promise<CardPage> {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ locale, viewport: { width: CARD_WIDTH + 24, height: 800 }, deviceScaleFactor: 1 });
      await page.setContent(PAGE);
      await page.addStyleTag({ path: join(RENDERER_DIR, 'adaptivecards.css') });
      await page.addScriptTag({ path: join(RENDERER_DIR, 'adaptivecards.js') });
      await page.addScriptTag({ path: CHECKER_JS });
      const hostConfig: unknown = JSON.parse(readFileSync(TEAMS_HOST_CONFIG, 'utf8'));
      await page.evaluate((json) => (globalThis as unknown as CheckerWindow).cardChecker.setHostConfig(json), hostConfig);
      return new CardPage(browser, page);
    } catch (e) {
      await browser.close();
      throw e;
    }
  }

  check(card: unknown): Promise<CardCheck> {
    return this.page.evaluate((json) => (globalThis as unknown as CheckerWindow).cardChecker.check(json), card);
  }

  render(card: unknown): Promise<Rendered> {
    return this.page.evaluate((json) => (globalThis as unknown as CheckerWindow).cardChecker.render(json), card);
  }

  /** The HTML the page's Markdown processor (the Teams subset, see checker.js) makes of a text. */
  markdown(text: string): Promise<string> {
    return this.page.evaluate((t) => (globalThis as unknown as CheckerWindow).cardChecker.markdown(t), text);
  }

  /** Renders the card and writes a PNG of it. */
  async screenshot(card: unknown, file: string): Promise<Rendered> {
    const rendered = await this.render(card);
    await this.page.locator('#stage').screenshot({ path: file, animations: 'disabled' });
    return rendered;
  }

  close(): Promise<void> {
    return this.browser.close();
  }
}
