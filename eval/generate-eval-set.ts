/**
 * Writes the evaluation set: one image per case and `manifest.json` listing, for each, the file,
 * the exact codes the policy should raise, how it is judged (policy, platform, artwork type,
 * title), a description and the text drawn on it (with boxes).
 *
 *   node --import tsx eval/generate-eval-set.ts [dir=eval/set] [--subset] [--seed 1]
 */
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { allCases, DEFAULT_SEED } from "./eval-cases/all-cases.js";
import type { EvalCase, Manifest, ManifestEntry, RenderedImage } from "./eval-cases/eval-case.js";
import { EvalPolicies } from "./policy-refs.js";

export const DEFAULT_SET_DIR = fileURLToPath(new URL("./set/", import.meta.url));
export const MANIFEST_FILE = "manifest.json";

/** Drawn text covering more than this share of an image is excessive by construction… */
const EXCESSIVE_MIN_DRAWN_SHARE = 0.3;
/** …and an image meant to pass keeps well under the policy's 25 %. */
const MODERATE_MAX_DRAWN_SHARE = 0.18;

export interface GenerateOptions {
  seed?: number;
  subset?: boolean;
  onImage?: (entry: ManifestEntry, index: number, total: number) => void;
}

/**
 * Renders every case into `dir` and writes the manifest; returns it. The images of an earlier
 * set there are removed first; a folder holding other files and no manifest is refused.
 */
export async function generateEvalSet(dir: string, options: GenerateOptions = {}): Promise<Manifest> {
  const seed = options.seed ?? DEFAULT_SEED;
  const cases = allCases({ seed, subset: options.subset ?? false });
  await clearEarlierSet(dir);
  const policies = new EvalPolicies();
  const entries: ManifestEntry[] = [];
  for (const [index, evalCase] of cases.entries()) {
    const image = await evalCase.render();
    checkConstruction(evalCase, image, policies);
    const file = `${evalCase.id}.${image.extension}`;
    await writeFile(path.join(dir, file), image.bytes);
    const entry = manifestEntry(evalCase, file, image);
    entries.push(entry);
    options.onImage?.(entry, index, cases.length);
  }
  const manifest: Manifest = { seed, subset: options.subset ?? false, entries };
  await writeFile(path.join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

async function clearEarlierSet(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const present = await readdir(dir);
  if (present.length === 0) return;
  if (!present.includes(MANIFEST_FILE)) {
    throw new Error(`${dir} holds files but no ${MANIFEST_FILE}: not an evaluation set, left alone`);
  }
  const earlier = JSON.parse(await readFile(path.join(dir, MANIFEST_FILE), "utf8")) as Manifest;
  for (const entry of earlier.entries) await rm(path.join(dir, path.basename(entry.file)), { force: true });
  await rm(path.join(dir, MANIFEST_FILE));
}

function manifestEntry(evalCase: EvalCase, file: string, image: RenderedImage): ManifestEntry {
  return {
    id: evalCase.id,
    file,
    group: evalCase.group,
    expected: evalCase.expected,
    policy: evalCase.policy,
    ...(evalCase.platform ? { platform: evalCase.platform } : {}),
    ...(evalCase.artworkType ? { artworkType: evalCase.artworkType } : {}),
    ...(evalCase.title ? { title: evalCase.title } : {}),
    description: evalCase.description,
    realPhoto: evalCase.realPhoto,
    width: image.width,
    height: image.height,
    lines: image.lines,
  };
}

/**
 * The two expectations that rendering, not the recipe, decides: the file's size against the
 * policy's byte limit, and how much of the image the drawn text covers. A case whose image
 * came out otherwise is a broken case, not a finding.
 */
function checkConstruction(evalCase: EvalCase, image: RenderedImage, policies: EvalPolicies): void {
  const policy = policies.forImage(evalCase);
  const tooLarge = image.bytes.length > policy.technical.maxBytes;
  if (tooLarge !== evalCase.expected.includes("FILE_TOO_LARGE")) {
    throw new Error(
      `${evalCase.id}: the file is ${image.bytes.length} bytes against a limit of ${policy.technical.maxBytes}, ` +
        `which contradicts its expected codes ${JSON.stringify(evalCase.expected)}`,
    );
  }
  if (image.lines.length === 0) return;
  const share = drawnShare(image);
  const excessive = evalCase.expected.includes("EXCESSIVE_TEXT");
  if (excessive ? share < EXCESSIVE_MIN_DRAWN_SHARE : share > MODERATE_MAX_DRAWN_SHARE) {
    throw new Error(
      `${evalCase.id}: drawn text covers ${(share * 100).toFixed(1)} % of the image, ` +
        `which contradicts its expected codes ${JSON.stringify(evalCase.expected)}`,
    );
  }
}

function drawnShare(image: RenderedImage): number {
  const area = image.lines.reduce((sum, line) => sum + line.box.width * line.box.height, 0);
  return area / (image.width * image.height);
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { subset: { type: "boolean", default: false }, seed: { type: "string" } },
  });
  const dir = path.resolve(positionals[0] ?? DEFAULT_SET_DIR);
  const started = performance.now();
  const manifest = await generateEvalSet(dir, {
    subset: values.subset,
    ...(values.seed ? { seed: Number(values.seed) } : {}),
    onImage: (entry, index, total) => {
      if (process.stderr.isTTY) process.stderr.write(`\r\x1b[2K[${index + 1}/${total}] ${entry.file}`);
    },
  });
  if (process.stderr.isTTY) process.stderr.write("\r\x1b[2K");
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(
    `wrote ${manifest.entries.length} images and ${MANIFEST_FILE} to ${dir} in ${seconds} s\n`,
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(2);
  });
}
