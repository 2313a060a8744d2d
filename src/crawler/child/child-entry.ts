import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/**
 * The crawl child's module and the node flags to run it: the compiled `crawl-child.js` beside
 * this file, or, when running from source (tests, `tsx`), `crawl-child.ts` through tsx.
 */
export function crawlChildEntry(): { module: string; execArgv: string[] } {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith(".ts")) {
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
    return { module: join(dirname(here), "crawl-child.ts"), execArgv: ["--import", tsx] };
  }
  return { module: join(dirname(here), "crawl-child.js"), execArgv: [] };
}
