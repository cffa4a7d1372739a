import { expect, type Frame, type Page } from '@playwright/test';

/** The frame whose URL starts with `prefix`, once it exists. */
export async function frameAt(page: Page, prefix: string): Promise<Frame> {
  let found: Frame | undefined;
  await expect
    .poll(() => (found = page.frames().find((frame) => frame.url().startsWith(prefix))) !== undefined)
    .toBe(true);
  return found as Frame;
}

/**
 * Clicks a button on a hosted page when the click may end the session. The element removes the
 * frame as the session ends, so anything Playwright does in the frame after the click (its
 * actionability and post-click checks) races the removal: the page clicks its own button shortly
 * after we return.
 */
export async function press(frame: Frame, name: string): Promise<void> {
  await expect(frame.getByRole('button', { name })).toBeVisible();
  await frame
    .evaluate((label) => {
      const button = [...document.querySelectorAll('button')].find((b) => b.textContent === label);
      setTimeout(() => button?.click(), 30);
    }, name)
    // The frame (or popup) may go first: the click it scheduled is what the test checks next.
    .catch((error: Error) => {
      if (!/detached|closed/i.test(error.message)) throw error;
    });
}
