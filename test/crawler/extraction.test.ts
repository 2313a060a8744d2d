import { describe, expect, it } from "vitest";
import { extractPosters } from "../../src/crawler/extract/extract-posters.js";
import { imageCandidates, largestCandidate } from "../../src/crawler/extract/image-candidates.js";
import { jsonLdWorks, tileTitle } from "../../src/crawler/extract/metadata.js";
import type { PageScan, RawImage } from "../../src/crawler/extract/page-scan.js";
import { judgePoster } from "../../src/crawler/extract/poster-heuristics.js";
import { cssImageUrls, parseSrcset } from "../../src/crawler/extract/srcset.js";
import { titlePagePoster } from "../../src/crawler/extract/title-page-poster.js";
import { profileSchema } from "../../src/crawler/profile/profile-schema.js";

const shape = profileSchema.parse({ platform: "x" }).posterShape;
const BASE = "https://catalog.example/browse/";

function image(overrides: Partial<RawImage>): RawImage {
  return {
    kind: "img",
    lazySrc: [],
    lazySrcset: [],
    sources: [],
    naturalWidth: 0,
    naturalHeight: 0,
    width: 160,
    height: 240,
    hints: "",
    fromTile: false,
    ...overrides,
  };
}

describe("srcset and CSS image parsing", () => {
  it("reads width and density descriptors, and URLs that contain commas", () => {
    expect(parseSrcset("a.jpg 200w, b.jpg 400w,c.jpg 800w")).toEqual([
      { url: "a.jpg", width: 200 },
      { url: "b.jpg", width: 400 },
      { url: "c.jpg", width: 800 },
    ]);
    expect(
      parseSrcset("https://cdn.example/w_200,h_300/p.jpg 1x, https://cdn.example/w_400,h_600/p.jpg 2x"),
    ).toEqual([
      { url: "https://cdn.example/w_200,h_300/p.jpg", density: 1 },
      { url: "https://cdn.example/w_400,h_600/p.jpg", density: 2 },
    ]);
    expect(parseSrcset("only.jpg")).toEqual([{ url: "only.jpg", density: 1 }]);
    expect(parseSrcset("bad.jpg 12q, good.jpg 300w")).toEqual([{ url: "good.jpg", width: 300 }]);
  });

  it("reads url() and image-set() as browsers serialise them", () => {
    expect(cssImageUrls('url("a.jpg")')).toEqual([{ url: "a.jpg", density: 1 }]);
    expect(cssImageUrls('image-set(url("a.jpg") 1dppx, url("b.jpg") 2dppx)')).toEqual([
      { url: "a.jpg", density: 1 },
      { url: "b.jpg", density: 2 },
    ]);
    expect(cssImageUrls("image-set(url(a.jpg) 1x, url('b.jpg') 192dpi)")[1]).toEqual({
      url: "b.jpg",
      density: 2,
    });
  });
});

describe("largest image candidate", () => {
  it("takes the widest srcset entry over src", () => {
    const best = largestCandidate(
      imageCandidates(
        image({ src: "p-200.jpg", srcset: "p-200.jpg 200w, p-800.jpg 800w, p-400.jpg 400w" }),
        BASE,
      ),
    );
    expect(best?.url).toBe("https://catalog.example/browse/p-800.jpg");
  });

  it("takes a picture source when it is larger than the img", () => {
    const best = largestCandidate(
      imageCandidates(image({ src: "/p-300.jpg", sources: ["/p-300.webp 300w, /p-900.webp 900w"] }), BASE),
    );
    expect(best?.url).toBe("https://catalog.example/p-900.webp");
  });

  it("prefers a lazy image's data-src to its placeholder, and ignores data: URLs", () => {
    const lazy = image({ src: "data:image/gif;base64,R0lGOD", lazySrc: ["/real.jpg"] });
    expect(largestCandidate(imageCandidates(lazy, BASE))?.url).toBe("https://catalog.example/real.jpg");
    const blankPlaceholder = image({ src: "/blank.gif", lazySrc: ["/real.jpg"] });
    expect(largestCandidate(imageCandidates(blankPlaceholder, BASE))?.url).toBe(
      "https://catalog.example/real.jpg",
    );
  });

  it("takes the highest density of a CSS image-set", () => {
    const bg = image({
      kind: "background",
      background: 'image-set(url("/a.jpg") 1dppx, url("/b.jpg") 2dppx)',
    });
    expect(largestCandidate(imageCandidates(bg, BASE))?.url).toBe("https://catalog.example/b.jpg");
  });
});

describe("poster heuristics", () => {
  const url = "https://catalog.example/img/p.jpg";

  it("accepts portrait images of poster size", () => {
    expect(judgePoster(image({}), url, shape)).toEqual({ poster: true });
    expect(
      judgePoster(image({ naturalWidth: 600, naturalHeight: 900, width: 10, height: 10 }), url, shape),
    ).toEqual({
      poster: true,
    });
  });

  it("rejects logos, avatars, icons, tracking pixels and wide banners by size and shape", () => {
    const cases: Partial<RawImage>[] = [
      { naturalWidth: 300, naturalHeight: 80, width: 300, height: 80 },
      { naturalWidth: 64, naturalHeight: 64, width: 64, height: 64 },
      { naturalWidth: 24, naturalHeight: 24, width: 24, height: 24 },
      { naturalWidth: 1, naturalHeight: 1, width: 1, height: 1 },
      { naturalWidth: 1280, naturalHeight: 720, width: 1200, height: 675 },
      { width: 0, height: 0 },
    ];
    for (const c of cases) expect(judgePoster(image(c), url, shape).poster).toBe(false);
  });

  it("rejects portrait images marked as chrome by class or file name, but not by a title that says Avatar", () => {
    expect(judgePoster(image({ hints: "sidebar-ad sponsored" }), url, shape).poster).toBe(false);
    expect(judgePoster(image({}), "https://catalog.example/img/site-logo.png", shape).poster).toBe(false);
    expect(judgePoster(image({ alt: "Avatar" }), "https://catalog.example/img/avatar.jpg", shape)).toEqual({
      poster: true,
    });
  });

  it("judges an image as the page draws it: a landscape file cropped into a portrait card is a poster", () => {
    const still = { naturalWidth: 1280, naturalHeight: 720 };
    // object-fit: cover or background-size: cover in a portrait box
    expect(judgePoster(image({ ...still, width: 160, height: 240 }), url, shape)).toEqual({ poster: true });
    // a smaller ancestor hiding the overflow crops the wide image to a portrait card
    expect(
      judgePoster(
        image({ ...still, width: 427, height: 240, shown: { width: 160, height: 240 } }),
        url,
        shape,
      ),
    ).toEqual({ poster: true });
    // drawn landscape (a landscape box, or object-fit: contain letterboxing it): not a poster
    expect(judgePoster(image({ ...still, width: 320, height: 180 }), url, shape).poster).toBe(false);
    expect(
      judgePoster(image({ ...still, width: 160, height: 240, shown: { width: 160, height: 90 } }), url, shape)
        .poster,
    ).toBe(false);
    // chrome stays chrome however it is drawn
    expect(judgePoster(image({ ...still, hints: "promo-badge" }), url, shape).poster).toBe(false);
  });

  it("trusts a profile's tile whose image has not been laid out yet", () => {
    expect(judgePoster(image({ fromTile: true, width: 0, height: 0 }), url, shape)).toEqual({ poster: true });
  });
});

describe("metadata", () => {
  it("finds Movie and TVSeries in JSON-LD graphs and item lists", () => {
    const works = jsonLdWorks(
      [
        JSON.stringify({
          "@context": "https://schema.org",
          "@graph": [
            { "@type": "WebPage", name: "Browse" },
            {
              "@type": "ItemList",
              itemListElement: [
                {
                  "@type": "ListItem",
                  item: { "@type": "Movie", name: "Dune", image: "/dune.jpg", url: "/t/dune" },
                },
                {
                  "@type": "ListItem",
                  item: {
                    "@type": ["TVSeries"],
                    name: "Severance",
                    image: { "@type": "ImageObject", url: "/sev.jpg" },
                  },
                },
              ],
            },
          ],
        }),
        "{ not json",
      ],
      BASE,
    );
    expect(works).toEqual([
      {
        type: "Movie",
        title: "Dune",
        images: ["https://catalog.example/dune.jpg"],
        url: "https://catalog.example/t/dune",
      },
      { type: "TVSeries", title: "Severance", images: ["https://catalog.example/sev.jpg"] },
    ]);
  });

  it("names a tile by its title element, then alt text (not a generic one), then aria-label", () => {
    expect(tileTitle(image({ tileTitle: "Heat", alt: "poster" }))).toBe("Heat");
    expect(tileTitle(image({ alt: "poster", ariaLabel: "Alien" }))).toBe("Alien");
    expect(tileTitle(image({ alt: "  The   Thing " }))).toBe("The Thing");
  });

  it("takes og:image only when its declared size is poster-shaped", () => {
    const scan = (meta: Record<string, string>): PageScan => ({
      url: BASE,
      baseUri: BASE,
      title: "",
      images: [],
      jsonLd: [],
      meta,
    });
    const wide = extractPosters(
      scan({ "og:image": "/share.jpg", "og:image:width": "1200", "og:image:height": "630" }),
      shape,
    );
    expect(wide.posters).toEqual([]);
    const tall = extractPosters(
      scan({ "og:image": "/key.jpg", "og:image:width": "1000", "og:image:height": "1500", "og:title": "Up" }),
      shape,
    );
    expect(tall.posters.map((p) => [p.posterUrl, p.metadata.title])).toEqual([
      ["https://catalog.example/key.jpg", "Up"],
    ]);
  });
});

describe("the poster of a title's own page", () => {
  const PAGE = "https://catalog.example/title/42";
  const LISTING = "https://catalog.example/a-z";
  const scan = (overrides: Partial<PageScan>): PageScan => ({
    url: PAGE,
    baseUri: PAGE,
    title: "",
    images: [],
    jsonLd: [],
    meta: {},
    ...overrides,
  });
  const keyArt = image({ src: "/key-art.jpg", width: 300, height: 450 });
  const noMeasure = async () => undefined;

  it("takes the JSON-LD work's image first (CreativeWork too), with its metadata", async () => {
    const found = await titlePagePoster(
      scan({
        jsonLd: [JSON.stringify({ "@type": "CreativeWork", name: "Heat", image: { url: "/heat.jpg" } })],
        meta: { "og:image": "/share.jpg" },
        images: [keyArt],
      }),
      shape,
      LISTING,
      noMeasure,
    );
    expect(found).toMatchObject({
      posterUrl: "https://catalog.example/heat.jpg",
      catalogUrl: LISTING,
      detailUrl: PAGE,
      source: "json-ld",
      metadata: { title: "Heat", type: "CreativeWork" },
    });
  });

  it("takes og:image when it measures portrait, and the page's main portrait image when it does not", async () => {
    const og = { "og:image": "/og.jpg", "og:title": "Up" };
    const portrait = await titlePagePoster(
      scan({ meta: og, images: [keyArt] }),
      shape,
      LISTING,
      async () => ({
        width: 500,
        height: 750,
      }),
    );
    expect(portrait).toMatchObject({ posterUrl: "https://catalog.example/og.jpg", source: "open-graph" });
    const wide = await titlePagePoster(scan({ meta: og, images: [keyArt] }), shape, LISTING, async () => ({
      width: 1280,
      height: 720,
    }));
    expect(wide).toMatchObject({ posterUrl: "https://catalog.example/key-art.jpg", source: "image" });
    const declaredWide = { ...og, "og:image:width": "1200", "og:image:height": "630" };
    expect(await titlePagePoster(scan({ meta: declaredWide }), shape, LISTING, noMeasure)).toBeUndefined();
  });
});
