import type { Page } from "playwright-core";
import { runInPage } from "./run-in-page.js";

function measureImageInBrowser(arg: {
  url: string;
  timeoutMs: number;
}): Promise<{ width: number; height: number } | null> {
  return new Promise((resolve) => {
    const image = new Image();
    const timer = setTimeout(() => resolve(null), arg.timeoutMs);
    image.onload = () => {
      clearTimeout(timer);
      resolve(image.naturalWidth > 0 ? { width: image.naturalWidth, height: image.naturalHeight } : null);
    };
    image.onerror = () => {
      clearTimeout(timer);
      resolve(null);
    };
    image.src = arg.url;
  });
}

/** The size of an image as the page's browser loads it (through the crawl's request guard). */
export async function measureImage(
  page: Page,
  url: string,
  timeoutMs = 3000,
): Promise<{ width: number; height: number } | undefined> {
  return (await runInPage(page, measureImageInBrowser, { url, timeoutMs })) ?? undefined;
}
