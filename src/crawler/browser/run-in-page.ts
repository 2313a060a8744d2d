import type { Frame, Page } from "playwright-core";

/**
 * Runs a self-contained function inside the page. The function travels as source text; compilers
 * that wrap functions in helpers (`__name` from esbuild's keepNames, used by tsx and vitest) would
 * leave those helpers undefined in the page, so a no-op one is declared beside it.
 */
export async function runInPage<A, R>(target: Page | Frame, fn: (arg: A) => R, arg: A): Promise<Awaited<R>> {
  const source = `(() => { const __name = (f) => f; return (${fn.toString()})(${JSON.stringify(arg)}); })()`;
  return (await target.evaluate(source)) as Awaited<R>;
}
