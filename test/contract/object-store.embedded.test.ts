import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { FilesystemObjectStore } from "../../src/adapters/embedded/filesystem-object-store.js";
import { describeObjectStoreContract } from "./object-store.contract.js";

let dir: string;
let store: FilesystemObjectStore;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "posterguard-objects-contract-"));
  store = new FilesystemObjectStore(dir, "posters");
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describeObjectStoreContract("FilesystemObjectStore", { bucket: "posters", store: () => store });
