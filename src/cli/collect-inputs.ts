import { readdir, stat } from "node:fs/promises";
import { extname, join } from "node:path";

/** Every format the gate takes, whether or not the policy accepts it: that is for the verdict to say. */
const IMAGE_EXTENSIONS = new Set([
  ".jpg",
  ".jpeg",
  ".png",
  ".webp",
  ".gif",
  ".avif",
  ".tif",
  ".tiff",
  ".bmp",
]);

export type CheckInput = { kind: "url"; url: string } | { kind: "file"; path: string };

/** URLs as given; files as given; folders walked for image files, in a stable order. */
export async function collectInputs(args: string[]): Promise<CheckInput[]> {
  const inputs: CheckInput[] = [];
  for (const arg of args) {
    if (/^https?:\/\//i.test(arg)) {
      inputs.push({ kind: "url", url: arg });
      continue;
    }
    const info = await stat(arg).catch(() => undefined);
    if (!info) throw new Error(`no such file or folder: ${arg}`);
    if (info.isDirectory()) inputs.push(...(await walk(arg)));
    else inputs.push({ kind: "file", path: arg });
  }
  return inputs;
}

async function walk(folder: string): Promise<CheckInput[]> {
  const entries = (await readdir(folder, { withFileTypes: true })).sort((a, b) =>
    a.name.localeCompare(b.name),
  );
  const found: CheckInput[] = [];
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) found.push(...(await walk(path)));
    else if (entry.isFile() && IMAGE_EXTENSIONS.has(extname(entry.name).toLowerCase()))
      found.push({ kind: "file", path });
  }
  return found;
}
