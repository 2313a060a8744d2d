import { Cron } from "croner";
import { z } from "zod";
import { wholeNumber } from "../config-values.js";
import type { SandboxMode } from "./browser/chromium-sandbox.js";

export const DEFAULT_CRAWL_SCHEDULE = "0 */6 * * *";

const cron = z.string().refine(
  (value) => {
    if (value === "off") return true;
    try {
      new Cron(value, { paused: true }).stop();
      return true;
    } catch {
      return false;
    }
  },
  { message: 'must be a cron expression such as "0 */6 * * *", or off' },
);

/**
 * The crawler's settings, in the style of config.ts (environment first, then
 * posterguard.config.yaml). Meant to be spread into the one config schema.
 */
export const crawlConfigShape = {
  /** Folder of platform profiles, one `<platform>.yaml` each. */
  PROFILES_DIR: z.string().min(1).default("./profiles"),
  /** The system Chromium the crawler drives. */
  CHROMIUM_PATH: z.string().min(1).default("/usr/bin/chromium"),
  /**
   * Chromium's sandbox: `auto` tries it and, where this machine cannot give one (root, no
   * unprivileged user namespaces), runs without it with a warning recorded on the run; `on`
   * refuses to crawl without it; `off` never uses it.
   */
  CRAWL_CHROMIUM_SANDBOX: z
    .enum(["auto", "on", "off"], { message: "must be auto, on or off" })
    .default("auto"),
  /** When each platform is crawled unless its profile sets `schedule`; `off` stops the scheduler. */
  CRAWL_SCHEDULE: cron.default(DEFAULT_CRAWL_SCHEDULE),
  /** The time zone crons are read in (an IANA name such as Europe/Paris); the machine's when unset. */
  CRAWL_TIMEZONE: z
    .string()
    .refine(
      (zone) => {
        try {
          new Intl.DateTimeFormat("en", { timeZone: zone });
          return true;
        } catch {
          return false;
        }
      },
      { message: "must be an IANA time zone such as Europe/Paris" },
    )
    .optional(),
  CRAWL_USER_AGENT: z
    .string()
    .min(1)
    .default("Mozilla/5.0 (compatible; PosterGuardBot/0.1; +poster compliance crawler)"),
  /** The product token robots.txt rules are matched on. */
  CRAWL_ROBOTS_AGENT: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9_-]*$/, { message: "must be a product token such as PosterGuardBot" })
    .default("PosterGuardBot"),
  /** `false`: this process lists crawl runs but starts none (the API Lambda; crawls run in their own function). */
  CRAWL_IN_PROCESS: z
    .enum(["true", "false"], { message: "must be true or false" })
    .default("true")
    .transform((value) => value === "true"),
  CRAWL_MAX_PAGES: wholeNumber(1, 1_000_000).default(1000),
  CRAWL_MAX_POSTERS: wholeNumber(1, 10_000_000).default(20_000),
  CRAWL_MAX_SECONDS: wholeNumber(1, 7 * 24 * 3600).default(3600),
  /** The vision model for agent steps; the OPENAI_* settings when unset. */
  CRAWL_AGENT_BASE_URL: z.string().optional(),
  CRAWL_AGENT_MODEL: z.string().optional(),
  CRAWL_AGENT_API_KEY: z.string().optional(),
  CRAWL_AGENT_TIMEOUT_MS: wholeNumber(100, 600_000).default(60_000),
};

const crawlConfigSchema = z.object(crawlConfigShape);
export type CrawlConfig = z.infer<typeof crawlConfigSchema>;

/** What the crawl service needs from the configuration. */
export interface CrawlSettings {
  profilesDir: string;
  chromiumPath: string;
  /** `auto` when unset. */
  chromiumSandbox?: SandboxMode;
  userAgent: string;
  robotsAgent: string;
  schedule: string;
  timezone?: string;
  maxPages: number;
  maxPosters: number;
  maxSeconds: number;
}

export function crawlSettingsOf(config: CrawlConfig): CrawlSettings {
  return {
    profilesDir: config.PROFILES_DIR,
    chromiumPath: config.CHROMIUM_PATH,
    chromiumSandbox: config.CRAWL_CHROMIUM_SANDBOX,
    userAgent: config.CRAWL_USER_AGENT,
    robotsAgent: config.CRAWL_ROBOTS_AGENT,
    schedule: config.CRAWL_SCHEDULE,
    ...(config.CRAWL_TIMEZONE ? { timezone: config.CRAWL_TIMEZONE } : {}),
    maxPages: config.CRAWL_MAX_PAGES,
    maxPosters: config.CRAWL_MAX_POSTERS,
    maxSeconds: config.CRAWL_MAX_SECONDS,
  };
}

/** The settings of a configuration read without the crawler keys (defaults throughout). */
export function defaultCrawlConfig(overrides: Partial<Record<keyof CrawlConfig, string>> = {}): CrawlConfig {
  return crawlConfigSchema.parse(overrides);
}
