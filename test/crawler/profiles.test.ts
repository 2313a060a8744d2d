import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  ProfileError,
  ProfileNotFoundError,
  ProfileSource,
  parseProfile,
  platformFromUrl,
} from "../../src/crawler/profile/load-profile.js";

const SHIPPED = fileURLToPath(new URL("../../profiles/", import.meta.url));
const EXAMPLES = join(SHIPPED, "examples");

describe("crawl profiles", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "posterguard-profiles-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("ships only the generic profile as a platform folder: the examples live apart and never run", () => {
    expect(new ProfileSource(SHIPPED, {}).platforms()).toEqual([]);
  });

  it("every example profile is valid, and the scheduler would leave the examples alone", () => {
    const source = new ProfileSource(EXAMPLES, { EXAMPLE_CATALOG_ORIGIN: "https://catalog.example" });
    const platforms = source.platforms();
    expect(platforms).toEqual([
      "example-carousels",
      "example-cookie-wall",
      "example-css-backgrounds",
      "example-infinite-scroll",
      "example-paginated-grid",
    ]);
    for (const platform of platforms) {
      const profile = source.load(platform);
      expect(profile.platform).toBe(platform);
      expect(profile.startUrls[0]).toMatch(/^https:\/\/catalog\.example\//);
      expect(profile.schedule).toBe("off");
    }
    // A folder without its own generic.yaml gets the shipped one (maxPages 50).
    const generic = source.generic("https://www.Example.com:8443/browse", undefined);
    expect(generic.limits.maxPages).toBe(50);
    expect(generic.platform).toBe("www-example-com");
    expect(generic.tiles).toBeUndefined();
    expect(generic.startUrls).toEqual(["https://www.Example.com:8443/browse"]);
  });

  it("fills defaults: poster artwork, robots respected, every navigation strategy on auto", () => {
    const profile = parseProfile({ startUrls: ["https://a.example/"] }, "/x/acme.yaml", {});
    expect(profile).toMatchObject({
      platform: "acme",
      artworkType: "poster",
      robots: "respect",
      navigation: { loadMore: "auto", nextPage: "auto", carousels: "auto", scroll: { idleRounds: 2 } },
      limits: { concurrency: 2, maxAttempts: 3 },
      posterShape: { minAspect: 0.55, maxAspect: 0.8 },
      detail: { follow: false },
      steps: [],
    });
  });

  it("lists every problem of an invalid profile by its path", () => {
    const problems = (() => {
      try {
        parseProfile(
          {
            platform: "Bad Slug",
            startUrls: ["ftp://x"],
            robots: "sometimes",
            limits: { concurrency: 0 },
            tiles: {},
            posterShape: { minAspect: 0.9, maxAspect: 0.6 },
            surprise: true,
          },
          "bad.yaml",
          {},
        );
      } catch (error) {
        expect(error).toBeInstanceOf(ProfileError);
        return (error as ProfileError).problems.join("\n");
      }
      return "";
    })();
    for (const path of [
      "platform:",
      "startUrls.0:",
      "robots:",
      "limits.concurrency:",
      "tiles.selector:",
      "posterShape:",
    ]) {
      expect(problems).toContain(path);
    }
    expect(problems).toMatch(/surprise/);
  });

  it("replaces variables in profile strings and names the ones that are not set", () => {
    const yaml = ["startUrls: ['$", "{ACME_ORIGIN}/browse']\nallowedHosts: ['$", "{ACME_CDN}']\n"].join("");
    writeFileSync(join(dir, "acme.yaml"), yaml);
    const source = new ProfileSource(dir, { ACME_ORIGIN: "https://acme.example" });
    expect(() => source.load("acme")).toThrow(/ACME_CDN is not set/);
    const withCdn = new ProfileSource(dir, {
      ACME_ORIGIN: "https://acme.example",
      ACME_CDN: "img.acme.example",
    });
    expect(withCdn.load("acme").startUrls).toEqual(["https://acme.example/browse"]);
  });

  it("refuses unknown platforms, path tricks and a file that names another platform", () => {
    writeFileSync(join(dir, "acme.yaml"), "platform: other\nstartUrls: ['https://acme.example/']\n");
    const source = new ProfileSource(dir, {});
    expect(() => source.load("nope")).toThrow(ProfileNotFoundError);
    expect(() => source.load("../etc/passwd")).toThrow(ProfileNotFoundError);
    expect(() => source.load("acme")).toThrow(/platform: is other/);
    expect(platformFromUrl("http://127.0.0.2:8080/x")).toBe("127-0-0-2");
  });
});
