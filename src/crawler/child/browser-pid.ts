import type { Browser } from "playwright-core";

/** The browser process's id, as Chromium reports it (playwright's Browser does not expose it). */
export async function browserPid(browser: Browser): Promise<number | undefined> {
  try {
    const session = await browser.newBrowserCDPSession();
    try {
      const info = (await session.send("SystemInfo.getProcessInfo")) as {
        processInfo: { type: string; id: number }[];
      };
      return info.processInfo.find((p) => p.type === "browser")?.id;
    } finally {
      await session.detach().catch(() => {});
    }
  } catch {
    return undefined;
  }
}
