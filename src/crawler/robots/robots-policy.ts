import { createRequire } from "node:module";
import { refusalOf } from "../fence/fence-refusal.js";
import type { NetworkFence } from "../fence/network-fence.js";
import { fetchRobotsTxt, type RobotsAnswer } from "./fetch-robots-txt.js";

/** What robots-parser returns (its typings describe an ES default export the CommonJS module does not have). */
interface Robots {
  isAllowed(url: string, ua?: string): boolean | undefined;
  getCrawlDelay(ua?: string): number | undefined;
}

const robotsParser = createRequire(import.meta.url)("robots-parser") as (url: string, body: string) => Robots;

export interface RobotsOptions {
  /** The product token robots.txt groups are matched on, e.g. `PosterGuardBot`. */
  agent: string;
  /** Sent when fetching robots.txt. */
  userAgent: string;
  /** `ignore` allows everything (a profile for a catalog the operator owns). */
  mode: "respect" | "ignore";
  /** The crawl's address rules: robots.txt and its redirects reach no closed address. */
  fence: NetworkFence;
  timeoutMs?: number;
}

export interface RobotsProblem {
  url: string;
  code: string;
  reason: string;
}

type Rules = { kind: "parsed"; robots: Robots } | { kind: "allowAll" } | { kind: "disallowAll" };

/**
 * robots.txt per origin, fetched once per crawl, read as RFC 9309 says: a 4xx means no rules,
 * an unreachable file or a 5xx means everything is disallowed.
 */
export class RobotsPolicy {
  readonly #rules = new Map<string, Promise<Rules>>();
  readonly #settled = new Map<string, Rules>();
  readonly problems: RobotsProblem[] = [];

  constructor(private readonly options: RobotsOptions) {}

  async isAllowed(url: string): Promise<boolean> {
    if (this.options.mode === "ignore") return true;
    const origin = originOf(url);
    if (!origin) return false;
    return allows(await this.#rulesFor(origin), url, this.options.agent);
  }

  /** Without fetching: undefined when this origin's robots.txt has not been read (third-party hosts). */
  knownVerdict(url: string): boolean | undefined {
    if (this.options.mode === "ignore") return true;
    const origin = originOf(url);
    const rules = origin ? this.#settled.get(origin) : undefined;
    return rules ? allows(rules, url, this.options.agent) : undefined;
  }

  /** Crawl-delay for this origin, in milliseconds, once its robots.txt has been read. */
  crawlDelayMs(url: string): number | undefined {
    const origin = originOf(url);
    const rules = origin ? this.#settled.get(origin) : undefined;
    if (this.options.mode === "ignore" || rules?.kind !== "parsed") return undefined;
    const seconds = rules.robots.getCrawlDelay(this.options.agent);
    return typeof seconds === "number" && seconds > 0 ? Math.min(seconds, 60) * 1000 : undefined;
  }

  #rulesFor(origin: string): Promise<Rules> {
    let rules = this.#rules.get(origin);
    if (!rules) {
      rules = this.#fetch(origin).then((settled) => {
        this.#settled.set(origin, settled);
        return settled;
      });
      this.#rules.set(origin, rules);
    }
    return rules;
  }

  async #fetch(origin: string): Promise<Rules> {
    const url = `${origin}/robots.txt`;
    let answer: RobotsAnswer;
    try {
      answer = await fetchRobotsTxt(url, {
        fence: this.options.fence,
        userAgent: this.options.userAgent,
        timeoutMs: this.options.timeoutMs ?? 10_000,
      });
    } catch (error) {
      return this.#problem(
        url,
        "ROBOTS_UNREACHABLE",
        `robots.txt could not be read (${(error as Error).message})`,
      );
    }
    switch (answer.kind) {
      case "file":
        return { kind: "parsed", robots: robotsParser(url, answer.body) };
      case "tooManyRedirects":
        // RFC 9309: after five redirects the file may be taken as unavailable, i.e. no rules.
        this.problems.push({
          url,
          code: "ROBOTS_TOO_MANY_REDIRECTS",
          reason: "robots.txt redirects too often; it is treated as missing",
        });
        return { kind: "allowAll" };
      case "refused": {
        const refused = refusalOf(answer.url, answer.error).reason;
        if (!answer.redirect) return this.#problem(url, "BLOCKED_ADDRESS", `robots.txt ${refused}`);
        // The site answered, with a redirect nowhere a crawl may go: as good as no robots.txt.
        this.problems.push({
          url,
          code: "BLOCKED_ADDRESS",
          reason: `robots.txt redirects to ${answer.url}, ${refused}; it is treated as missing`,
        });
        return { kind: "allowAll" };
      }
      case "status":
        if (answer.status >= 500) {
          return this.#problem(url, `HTTP_${answer.status}`, `robots.txt answered ${answer.status}`);
        }
        return { kind: "allowAll" };
    }
  }

  #problem(url: string, code: string, reason: string): Rules {
    this.problems.push({ url, code, reason: `${reason}; the whole site is treated as disallowed` });
    return { kind: "disallowAll" };
  }
}

function allows(rules: Rules, url: string, agent: string): boolean {
  if (rules.kind === "allowAll") return true;
  if (rules.kind === "disallowAll") return false;
  return rules.robots.isAllowed(url, agent) !== false;
}

function originOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.origin : undefined;
  } catch {
    return undefined;
  }
}
