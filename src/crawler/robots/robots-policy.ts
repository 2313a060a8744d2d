import { createRequire } from "node:module";

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
    try {
      const response = await fetch(url, {
        headers: { "user-agent": this.options.userAgent, accept: "text/plain" },
        redirect: "follow",
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
      if (response.status >= 500) {
        this.problems.push({
          url,
          code: `HTTP_${response.status}`,
          reason: `robots.txt answered ${response.status}; the whole site is treated as disallowed`,
        });
        await response.body?.cancel();
        return { kind: "disallowAll" };
      }
      if (response.status >= 400) {
        await response.body?.cancel();
        return { kind: "allowAll" };
      }
      const body = (await response.text()).slice(0, 500 * 1024);
      return { kind: "parsed", robots: robotsParser(url, body) };
    } catch (error) {
      this.problems.push({
        url,
        code: "ROBOTS_UNREACHABLE",
        reason: `robots.txt could not be read (${(error as Error).message}); the whole site is treated as disallowed`,
      });
      return { kind: "disallowAll" };
    }
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
