import { randomBytes } from "node:crypto";
import { mkdir, open, readFile, rename, rm, stat } from "node:fs/promises";
import { dirname, join, resolve, sep } from "node:path";
import type { ObjectStore } from "../../ports/object-store.js";

/** Objects as files under a root folder, with the same keys an S3 bucket would have. */
export class FilesystemObjectStore implements ObjectStore {
  private readonly root: string;

  constructor(
    root: string,
    readonly bucket: string,
  ) {
    this.root = resolve(root);
  }

  private pathOf(key: string): string {
    const path = resolve(join(this.root, key));
    if (!path.startsWith(this.root + sep) || key.includes("\0"))
      throw new Error(`invalid object key: ${key}`);
    return path;
  }

  /**
   * Written to a temporary file, flushed to disk, renamed into place, and the folder flushed
   * too: once `put` returns, a power loss leaves the whole poster or (before) none of it,
   * never a job pointing at an empty file.
   */
  async put(key: string, body: Buffer, _contentType: string): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    const temporary = `${path}.${randomBytes(6).toString("hex")}.partial`;
    try {
      await writeDurably(temporary, body);
      await rename(temporary, path);
      await syncFolder(dirname(path));
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }

  async get(key: string): Promise<Buffer | undefined> {
    try {
      return await readFile(this.pathOf(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
  }

  async exists(key: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(key))).isFile();
    } catch {
      return false;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }
}

async function writeDurably(path: string, body: Buffer): Promise<void> {
  const file = await open(path, "w");
  try {
    await file.writeFile(body);
    await file.sync();
  } finally {
    await file.close();
  }
}

async function syncFolder(path: string): Promise<void> {
  const folder = await open(path, "r");
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
}
