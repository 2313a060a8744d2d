import { describe, expect, it } from "vitest";
import { isSandboxFailure } from "../../src/crawler/browser/chromium-sandbox.js";
import { BrowserUnavailableError, launchChromium } from "../../src/crawler/browser/launch-browser.js";
import { CHROMIUM, LOOPBACK_ARGS } from "./fixtures/crawl-harness.js";

const asRoot = process.getuid?.() === 0;
const launch = (sandbox: "auto" | "on" | "off", extra: object = {}) =>
  launchChromium({ executablePath: CHROMIUM, extraArgs: LOOPBACK_ARGS, sandbox, ...extra });

describe("Chromium's sandbox", () => {
  it("tells a sandbox refusal from other launch failures", () => {
    expect(isSandboxFailure("Browser logs:\nChromium sandboxing failed!\n====")).toBe(true);
    expect(
      isSandboxFailure("Running as root without --no-sandbox is not supported. See crbug.com/638180."),
    ).toBe(true);
    expect(isSandboxFailure("No usable sandbox! Update your kernel or see …")).toBe(true);
    expect(isSandboxFailure("spawn /usr/bin/chromium ENOENT")).toBe(false);
    expect(isSandboxFailure("Timeout 60000ms exceeded")).toBe(false);
  });

  it("auto: on where the machine allows it, else without it, saying why", async () => {
    const fallbacks: string[] = [];
    const { browser, sandbox } = await launch("auto", {
      onSandboxFallback: (r: string) => fallbacks.push(r),
    });
    try {
      expect(browser.isConnected()).toBe(true);
      if (asRoot) {
        expect(sandbox).toEqual({ sandboxed: false, reason: expect.stringMatching(/root/) });
        expect(fallbacks).toHaveLength(1);
      } else if (sandbox.sandboxed) {
        expect(fallbacks).toEqual([]);
      }
    } finally {
      await browser.close();
    }
  }, 60_000);

  it.runIf(asRoot)(
    "on: refuses to crawl without it where it cannot work (here: root)",
    async () => {
      const error = await launch("on").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BrowserUnavailableError);
      expect((error as Error).message).toMatch(/sandbox is unavailable here/);
    },
    60_000,
  );

  it("off: never tries it, and says so", async () => {
    const { browser, sandbox } = await launch("off");
    try {
      expect(sandbox).toEqual({ sandboxed: false, reason: "CRAWL_CHROMIUM_SANDBOX=off" });
    } finally {
      await browser.close();
    }
  }, 60_000);
});
