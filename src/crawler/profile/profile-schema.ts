import { z } from "zod";
import { PLATFORM_PATTERN } from "../../domain/platform.js";

const selector = z.string().trim().min(1, { message: "must be a CSS selector" }).max(500);
const positive = (max: number) =>
  z
    .number({ message: "must be a number" })
    .int({ message: "must be a whole number" })
    .min(1, { message: "must be at least 1" })
    .max(max, { message: `must be at most ${max}` });
const ms = (max: number) =>
  z
    .number({ message: "must be a number of milliseconds" })
    .int({ message: "must be a whole number of milliseconds" })
    .min(0, { message: "must be at least 0" })
    .max(max, { message: `must be at most ${max}` });
const httpUrl = z
  .string()
  .url({ message: "must be an http(s) URL" })
  .refine((v) => /^https?:\/\//i.test(v), { message: "must be an http(s) URL" });

/** `auto` finds the control by heuristics; `false` turns the strategy off. */
const strategy = <T extends z.ZodRawShape>(shape: T) =>
  z.union([z.literal(false), z.literal("auto"), z.object(shape).strict()]).default("auto");

export const scrollSchema = z.union([
  z.literal(false),
  z
    .object({
      /** Scroll rounds at most, per page. */
      maxRounds: positive(10_000).default(300),
      /** Rounds in a row that bring nothing new before the page counts as exhausted. */
      idleRounds: positive(20).default(2),
      /** How long one round waits for the page to grow. */
      waitMs: ms(30_000).default(800),
    })
    .strict(),
]);

export const navigationSchema = z
  .object({
    /** Infinite scroll until nothing new appears. */
    scroll: scrollSchema.prefault({}),
    /** A "load more" button clicked until it disappears. */
    loadMore: strategy({ selector, maxClicks: positive(10_000).default(500) }),
    /** Next-page links, each page queued as its own request. */
    nextPage: strategy({ selector }),
    /** Horizontal rows walked with their "next" buttons (or scrolled sideways when they have none). */
    carousels: strategy({
      rowSelector: selector.optional(),
      nextSelector: selector,
      maxSteps: positive(1000).default(100),
    }),
    /** `auto`: each tab of the page's tab lists (role=tab) is opened and what it shows collected. */
    tabs: z.union([z.literal(false), z.literal("auto")]).default(false),
    /**
     * Links to further catalog sections (categories, genres), each queued as a catalog page;
     * `auto`: the text links of the site's menus (<nav>, header menus) on its own host.
     */
    sections: z.union([z.literal("auto"), z.object({ selector }).strict()]).optional(),
  })
  .strict();

export const tilesSchema = z
  .object({
    /** One poster tile. */
    selector,
    /** The image inside the tile (img, picture, or an element with a background image). */
    image: selector.optional(),
    /** The detail page link; the tile's own or first link when absent. */
    link: selector.optional(),
    /** The element whose text is the title; alt, aria-label or the tile's text when absent. */
    title: selector.optional(),
  })
  .strict();

export const posterShapeSchema = z
  .object({
    /** width / height of a poster: 2:3 is 0.667, 3:4 box art 0.75. */
    minAspect: z.number().positive().max(10).default(0.55),
    maxAspect: z.number().positive().max(10).default(0.8),
    /** Smallest size, in image pixels when known, else as laid out. */
    minWidth: z.number().int().min(1).max(10_000).default(80),
    minHeight: z.number().int().min(1).max(10_000).default(110),
  })
  .strict()
  .refine((s) => s.minAspect <= s.maxAspect, { message: "minAspect must not exceed maxAspect" });

export const limitsSchema = z
  .object({
    maxPages: positive(1_000_000).optional(),
    maxPosters: positive(10_000_000).optional(),
    maxSeconds: positive(7 * 24 * 3600).optional(),
    /** Pages open at once. */
    concurrency: positive(32).default(2),
    /** Between two page loads from one host (robots.txt Crawl-delay raises it). */
    minDelayMs: ms(600_000).default(250),
    /** Tries per page, the first included. */
    maxAttempts: positive(10).default(3),
    /** Before the first retry; doubles with each one. */
    retryDelayMs: ms(600_000).default(1000),
    navigationTimeoutMs: ms(600_000).default(30_000),
    /** Posters handed to the job creator at once. */
    submitConcurrency: positive(64).default(4),
  })
  .strict();

export const profileSchema = z
  .object({
    platform: z.string().regex(new RegExp(PLATFORM_PATTERN), {
      message: "must be a slug: lowercase letters, digits and dashes",
    }),
    name: z.string().min(1).max(200).optional(),
    startUrls: z.array(httpUrl).max(1000).default([]),
    /** The artwork type submitted with every poster of this catalog. */
    artworkType: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, { message: "must be an artwork type such as poster or box-art" })
      .default("poster"),
    /** A cron expression, `off`, or absent for the default schedule. */
    schedule: z.string().trim().min(1).optional(),
    robots: z.enum(["respect", "ignore"], { message: "must be respect or ignore" }).default("respect"),
    userAgent: z.string().min(1).max(500).optional(),
    /** Hosts whose pages the crawl may open besides the start URLs' hosts. */
    allowedHosts: z.array(z.string().min(1)).default([]),
    limits: limitsSchema.prefault({}),
    /** Clicked when present, before anything else on a start page (cookie banners with a known button). */
    clickIfPresent: z.array(selector).default([]),
    /** Natural-language steps a vision model carries out on each start page. */
    steps: z.array(z.string().trim().min(1).max(500)).max(20).default([]),
    /** Actions the model may take for one step. */
    stepBudget: positive(50).default(6),
    navigation: navigationSchema.prefault({}),
    /** Absent: posters are found by heuristics (JSON-LD, og:image, poster-shaped images). */
    tiles: tilesSchema.optional(),
    detail: z
      .object({
        /** Open each title's detail page for its JSON-LD and OpenGraph metadata. */
        follow: z.boolean().default(false),
        /**
         * Open the pages of titles a listing names without showing their artwork, and take the
         * poster from there (JSON-LD image, portrait og:image, the main portrait image).
         */
        discover: z.boolean().default(false),
      })
      .strict()
      .prefault({}),
    posterShape: posterShapeSchema.prefault({}),
  })
  .strict();

export type Profile = z.infer<typeof profileSchema>;
export type ProfileLimits = Profile["limits"];
export type PosterShape = Profile["posterShape"];
export type Navigation = Profile["navigation"];
export type TileSelectors = NonNullable<Profile["tiles"]>;
