import { describe, expect, it } from "vitest";
import { browserOnDemand, launchBrowser } from "../../src/crawler/browser/launch-browser.js";
import { runInPage } from "../../src/crawler/browser/run-in-page.js";
import { CHROMIUM } from "./fixtures/crawl-harness.js";

const offline = ["--host-resolver-rules=MAP * ~NOTFOUND"];

describe("browser", () => {
  it("shares one Chromium between overlapping runs and closes it after the last one", async () => {
    const open = browserOnDemand({ executablePath: CHROMIUM, extraArgs: offline });
    const [a, b] = await Promise.all([open(), open()]);
    expect(a.browser).toBe(b.browser);
    await a.release();
    expect(a.browser.isConnected()).toBe(true);
    await b.release();
    expect(b.browser.isConnected()).toBe(false);
    const c = await open();
    expect(c.browser).not.toBe(a.browser);
    expect(c.browser.isConnected()).toBe(true);
    await c.release();
  }, 60_000);

  it("runs functions in the page as tsx compiles them, with esbuild's __name helper", async () => {
    const browser = await launchBrowser({ executablePath: CHROMIUM, extraArgs: offline });
    try {
      const page = await browser.newPage();
      await page.setContent("<ul><li>a</li><li>b</li></ul>");
      // What tsx (esbuild keepNames) makes of a named inner function: a call to a module-level helper.
      const compiled = new Function(
        "arg",
        'const count = __name((s) => document.querySelectorAll(s).length, "count"); return count(arg.selector);',
      ) as (arg: { selector: string }) => number;
      expect(await runInPage(page, compiled, { selector: "li" })).toBe(2);
    } finally {
      await browser.close();
    }
  }, 60_000);

  it("explains a missing Chromium instead of downloading one", async () => {
    await expect(launchBrowser({ executablePath: "/nonexistent/chromium" })).rejects.toThrow(
      /no Chromium at \/nonexistent\/chromium.*CHROMIUM_PATH/,
    );
  });
});
