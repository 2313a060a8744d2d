import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../support/cli-process.js";
import { makePoster } from "../support/posters.js";

const env = { LOG_LEVEL: "silent", DETECTORS: "metrics" };

describe("posterguard check", () => {
  let folder: string;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), "posterguard-check-"));
    mkdirSync(join(folder, "clean"));
    mkdirSync(join(folder, "mixed", "nested"), { recursive: true });
    writeFileSync(join(folder, "clean", "a.jpg"), await makePoster(51));
    writeFileSync(join(folder, "clean", "b.png"), await makePoster(52, 1000, 1500, "png"));
    writeFileSync(join(folder, "clean", "notes.txt"), "not an image, and not picked up from a folder");
    writeFileSync(join(folder, "mixed", "good.jpg"), await makePoster(53));
    writeFileSync(join(folder, "mixed", "nested", "square.jpg"), await makePoster(54, 500, 500));
    copyFileSync(
      new URL("../fixtures/pdq/blur-a-lot.jpg", import.meta.url),
      join(folder, "mixed", "nested", "blurry.jpg"),
    );
    writeFileSync(join(folder, "fake.jpg"), "text pretending to be a JPEG");
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it("exits 0 when every poster in a folder complies", async () => {
    const { code, stdout } = await runCli(["check", join(folder, "clean")], env);
    expect(code).toBe(0);
    expect(stdout).toContain("2 checked: 2 comply, 0 violate, 0 errors");
  });

  it("exits 1 with explained violations, as JSON for programs", async () => {
    const { code, stdout } = await runCli(["check", "--format", "json", join(folder, "mixed")], env);
    expect(code).toBe(1);
    const results = JSON.parse(stdout) as {
      file: string;
      posterHash: string;
      isCompliant: boolean;
      violations: { code: string; message: string; evidence: unknown }[];
    }[];
    expect(results.map((r) => r.file.slice(folder.length))).toEqual([
      "/mixed/good.jpg",
      "/mixed/nested/blurry.jpg",
      "/mixed/nested/square.jpg",
    ]);
    const [good, blurry, square] = results;
    expect(good).toMatchObject({ isCompliant: true, violations: [] });
    expect(good?.posterHash).toMatch(/^[0-9a-f]{64}$/);
    expect(blurry?.violations.map((v) => v.code).sort()).toEqual(["ASPECT_RATIO", "BLURRY"]);
    expect(square?.violations.map((v) => v.code).sort()).toEqual(["ASPECT_RATIO", "LOW_RESOLUTION"]);
    expect(square?.violations[0]?.evidence).toBeDefined();
  });

  it("judges under a chosen artwork type", async () => {
    const square = join(folder, "mixed", "nested", "square.jpg");
    const { code, stdout } = await runCli(
      ["check", "--artwork-type", "box-art", "--format", "json", square],
      env,
    );
    expect(code).toBe(1);
    const [result] = JSON.parse(stdout) as { violations: { code: string }[] }[];
    expect(result?.violations.map((v) => v.code)).toEqual(["LOW_RESOLUTION", "ASPECT_RATIO"]);
  });

  it("exits 2 on a file that is not an image, and on a missing path", async () => {
    const fake = await runCli(["check", join(folder, "fake.jpg"), join(folder, "clean", "a.jpg")], env);
    expect(fake.code).toBe(2);
    expect(fake.stdout).toContain("NOT_AN_IMAGE");
    const missing = await runCli(["check", join(folder, "nope.jpg")], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("no such file or folder");
  });
});

describe("posterguard policy", () => {
  it("validates a policy file, listing every problem", async () => {
    const folder = mkdtempSync(join(tmpdir(), "posterguard-policy-"));
    try {
      const bad = join(folder, "bad.yaml");
      writeFileSync(
        bad,
        "id: Bad Id\nrules:\n  NUDITY: { severity: SEVERE }\n  NOT_A_CODE: { severity: LOW }\nartworkTypes: {}\n",
      );
      const { code, stderr } = await runCli(["policy", "validate", bad], env);
      expect(code).toBe(1);
      expect(stderr).toContain("id: must be a slug");
      expect(stderr).toContain("rules.NUDITY.severity: must be one of LOW, MEDIUM, HIGH, CRITICAL");
      expect(stderr).toMatch(/NOT_A_CODE/);
      expect(stderr).toContain("artworkTypes: must define at least one artwork type");
      const good = await runCli(["policy", "validate", "generic"], env);
      expect(good.code).toBe(0);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it("shows a policy's artwork types and rules", async () => {
    const { code, stdout } = await runCli(["policy", "show"], env);
    expect(code).toBe(0);
    expect(stdout).toMatch(/poster\s+[0-9a-f]{16}\s+2:3 ±5%\s+600×900/);
    expect(stdout).toMatch(/NUDITY\s+on\s+CRITICAL\s+0\.6/);
  });
});
