import type { BrowserContext, Page } from "playwright-core";

/**
 * Tabs reused from one request to the next: navigating an open tab costs far less than opening
 * one. A tab whose request failed is closed (its state is unknown); each tab remembers what kind
 * of page it is showing, for the request guard.
 */
export class PagePool<K extends string> {
  readonly #idle: Page[] = [];
  readonly #busy = new Set<Page>();
  readonly #kinds = new WeakMap<Page, K>();
  #closed = false;

  constructor(private readonly context: BrowserContext) {}

  async take(kind: K): Promise<Page> {
    if (this.#closed) throw new Error("the crawl has stopped");
    const page = this.#idle.pop() ?? (await this.context.newPage());
    this.#busy.add(page);
    this.#kinds.set(page, kind);
    return page;
  }

  kindOf(page: Page): K | undefined {
    return this.#kinds.get(page);
  }

  give(page: Page): void {
    this.#busy.delete(page);
    if (this.#closed || page.isClosed()) return;
    this.#idle.push(page);
  }

  async discard(page: Page): Promise<void> {
    this.#busy.delete(page);
    await page.close().catch(() => {});
  }

  /** Closes every tab, busy ones included (their work fails, which a stopping crawl expects). */
  async closeAll(): Promise<void> {
    this.#closed = true;
    const pages = [...this.#idle, ...this.#busy];
    this.#idle.length = 0;
    this.#busy.clear();
    await Promise.all(pages.map((p) => p.close().catch(() => {})));
  }
}
