import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { NSFW_INPUT_SIZE } from "./nsfw-messages.js";

/** Bump when the preprocessing or the class mapping changes what the detector reports. */
const PIPELINE_REVISION = 1;

/**
 * Names what produced an observation, so cached observations go stale when any of it changes:
 * e.g. "nsfwjs-4.3.0-mobilenet_v2-224-v1".
 */
export function nsfwDetectorVersion(): string {
  return `nsfwjs-${installedVersion("nsfwjs")}-mobilenet_v2-${NSFW_INPUT_SIZE}-v${PIPELINE_REVISION}`;
}

/** nsfwjs does not export its package.json, so walk up from its entry point to find it. */
function installedVersion(packageName: string): string {
  let directory = dirname(createRequire(import.meta.url).resolve(packageName));
  for (;;) {
    try {
      const manifest = JSON.parse(readFileSync(join(directory, "package.json"), "utf8")) as {
        name?: string;
        version?: string;
      };
      if (manifest.name === packageName && manifest.version) return manifest.version;
    } catch {
      // No package.json at this level (nsfwjs's dist folders have name-less ones); go up.
    }
    const parent = dirname(directory);
    if (parent === directory) throw new Error(`cannot find the installed version of ${packageName}`);
    directory = parent;
  }
}
