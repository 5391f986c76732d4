import type { Page } from 'playwright-core';

/** The back office starts in Chinese; this switches a page to English through the locale menu. */
export async function switchLanguage(page: Page, locale: 'zh-CN' | 'en'): Promise<void> {
  if (locale === 'zh-CN') return;
  await page.getByTestId('locale-menu').locator('button').click();
  await page.getByRole('menuitem', { name: 'English' }).click();
}

/**
 * The words of the other language on the page's main content: Latin words on a Chinese page,
 * Chinese on an English one, once the data's own names (people, customers, places, what was
 * typed) are taken out. An empty list is one language.
 */
export async function foreignWords(page: Page, locale: 'zh-CN' | 'en', names: string[]): Promise<string[]> {
  const longestFirst = [...names].sort((a, b) => b.length - a.length);
  const text = longestFirst.reduce((rest, name) => rest.split(name).join(' '), await page.locator('#main-content').innerText());
  const foreign = locale === 'zh-CN' ? text.match(/[A-Za-z]{2,}/g) : text.match(/[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+/g);
  return [...new Set(foreign ?? [])];
}
