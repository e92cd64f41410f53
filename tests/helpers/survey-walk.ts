// A citizen's walk through the SIPAS survey on a phone in Chromium, measured: the height of every
// screen, the taps it took (each answer, each "Tiếp tục", the start and the send), and where the
// start button sits on the intro. The Chromium tests assert limits on these figures; the same
// walk gives the before/after figures recorded in docs/benchmarks.md.
import type { Page } from 'playwright-core';

export interface WalkFigures {
  /** The intro's start button: its bottom edge in CSS pixels from the top of the page. */
  startButtonBottom: number;
  /** Each screen in order (intro, pages, review, thanks) with its full height in CSS pixels. */
  screens: { path: string; height: number }[];
  taps: number;
}

const height = (page: Page) => page.evaluate(() => document.documentElement.scrollHeight);

async function tap(page: Page, selector: string): Promise<void> {
  await Promise.all([page.waitForNavigation(), page.locator(selector).click()]);
}

/** Answers every question of the current page as a satisfied citizen would; returns the taps. */
async function answerPage(page: Page): Promise<number> {
  let taps = 0;
  const sets = page.locator('fieldset.question');
  const n = await sets.count();
  for (let i = 0; i < n; i++) {
    const set = sets.nth(i);
    const inputs = set.locator('input');
    const type = await inputs.first().getAttribute('type');
    const labels = set.locator('label');
    if ((await inputs.first().getAttribute('name')) === 'E5.0') {
      // E5 applies: the walk takes every page there is.
      await labels.nth(0).click();
      taps += 1;
    } else if (type === 'checkbox') {
      await labels.nth(0).click();
      await labels.nth(2).click();
      taps += 2;
    } else {
      await labels.nth(Math.min(3, (await labels.count()) - 1)).click();
      taps += 1;
    }
  }
  const text = page.locator('textarea');
  if ((await text.count()) > 0) {
    await text.fill('Cán bộ nhiệt tình.');
    taps += 1;
  }
  return taps;
}

/** From the intro at `base` to the thank-you page, answering everything. */
export async function walkSurvey(page: Page, base: string): Promise<WalkFigures> {
  await page.goto(base);
  const button = await page.locator('main form button[type=submit]').last().boundingBox();
  const screens = [{ path: base, height: await height(page) }];
  let taps = 1;
  await tap(page, 'main form button[type=submit] >> nth=-1');
  for (let i = 0; i < 20 && !page.url().endsWith('/review'); i++) {
    screens.push({ path: new URL(page.url()).pathname, height: await height(page) });
    taps += await answerPage(page);
    taps += 1;
    await tap(page, 'main form button[type=submit]');
  }
  screens.push({ path: new URL(page.url()).pathname, height: await height(page) });
  taps += 1;
  await tap(page, 'main form button[type=submit]');
  screens.push({ path: new URL(page.url()).pathname, height: await height(page) });
  return { startButtonBottom: button ? button.y + button.height : NaN, screens, taps };
}
