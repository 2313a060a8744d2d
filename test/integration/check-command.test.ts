import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type OpenAiFake, startOpenAiFake } from "../compliance/cloud/fakes/openai-fake.js";
import { runCli } from "../support/cli-process.js";
import { toBmp } from "../support/make-images.js";
import { makePoster } from "../support/posters.js";

const env = { LOG_LEVEL: "silent", DETECTORS: "metrics" };

/** The generic policy enables every code; the metrics detector raises only the technical ones. */
const NOT_CHECKED_BY_METRICS = [
  "NUDITY",
  "SUGGESTIVE",
  "VIOLENCE",
  "WEAPONS",
  "DRUGS_ALCOHOL",
  "HATE_SYMBOLS",
  "PROFANITY",
  "URL_OR_CONTACT",
  "PRICE_OR_PROMO",
  "COMPETITOR_BRAND",
  "AVAILABILITY_DATE",
  "EXCESSIVE_TEXT",
  "TITLE_MISSING",
  "TEXT_ON_TEXTLESS_ART",
  "TEXT_IN_SAFE_ZONE",
  "CREDITS_BLOCK",
  "CRITIC_QUOTE",
  "AWARD_REFERENCE",
  "FORMAT_CALLOUT",
  "LOGO_OR_WATERMARK",
];

interface Entry {
  file: string;
  isCompliant?: boolean;
  notChecked?: string[];
  violations: { code: string; message: string; detector: string; evidence?: Record<string, unknown> }[];
  error?: { code: string };
}

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
    mkdirSync(join(folder, "formats"));
    const clean = await makePoster(55);
    writeFileSync(join(folder, "formats", "a.jpg"), clean);
    writeFileSync(join(folder, "formats", "b.bmp"), await toBmp(clean));
    writeFileSync(join(folder, "formats", "c.gif"), await sharp(clean).gif().toBuffer());
    writeFileSync(join(folder, "formats", "d.tiff"), await sharp(clean).tiff().toBuffer());
    writeFileSync(join(folder, "formats", "e.jpg"), await makePoster(56));
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

  it("names the codes no enabled detector checks, on each JSON entry and in one table line", async () => {
    const json = await runCli(["check", "--format", "json", join(folder, "clean")], env);
    expect(json.code).toBe(0);
    const results = JSON.parse(json.stdout) as Entry[];
    for (const result of results) {
      expect(result.isCompliant).toBe(true);
      expect(result.notChecked).toEqual(NOT_CHECKED_BY_METRICS);
    }
    const table = await runCli(["check", join(folder, "clean")], env);
    expect(table.stdout).toContain(`not checked: ${NOT_CHECKED_BY_METRICS.join(", ")}`);
    expect(table.stdout).toContain("no enabled detector raises them");
  });

  it("gives a BMP, GIF or TIFF beside JPEGs a verdict, UNSUPPORTED_FORMAT, not an error", async () => {
    const { code, stdout } = await runCli(["check", "--format", "json", join(folder, "formats")], env);
    expect(code).toBe(1);
    const results = JSON.parse(stdout) as Entry[];
    expect(results.map((r) => r.file.slice(folder.length))).toEqual([
      "/formats/a.jpg",
      "/formats/b.bmp",
      "/formats/c.gif",
      "/formats/d.tiff",
      "/formats/e.jpg",
    ]);
    const [jpeg, bmp, gif, tiff] = results;
    expect(results.filter((r) => r.error)).toEqual([]);
    expect(jpeg).toMatchObject({ isCompliant: true, violations: [] });
    // The BMP holds the JPEG's pixels: the format is all that is wrong with it.
    expect(bmp?.isCompliant).toBe(false);
    expect(bmp?.violations.map((v) => v.code)).toEqual(["UNSUPPORTED_FORMAT"]);
    expect(bmp?.violations[0]?.message).toContain("the poster's format is BMP");
    expect(bmp?.violations[0]?.evidence).toEqual({
      measured: { format: "bmp" },
      limit: { formats: ["jpeg", "png", "webp"] },
    });
    expect(gif?.violations.map((v) => v.code)).toContain("UNSUPPORTED_FORMAT");
    expect(tiff?.violations.map((v) => v.code)).toContain("UNSUPPORTED_FORMAT");

    const table = await runCli(["check", join(folder, "formats")], env);
    expect(table.code).toBe(1);
    expect(table.stdout).toMatch(/b\.bmp\s+VIOLATES\s+UNSUPPORTED_FORMAT \(HIGH\)/);
    expect(table.stdout).toContain("5 checked: 2 comply, 3 violate, 0 errors");
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

describe("posterguard check with a local vision model (DETECTORS includes openai)", () => {
  let model: OpenAiFake;
  let folder: string;

  beforeAll(async () => {
    model = await startOpenAiFake();
    folder = mkdtempSync(join(tmpdir(), "posterguard-check-model-"));
    writeFileSync(join(folder, "poster.jpg"), await makePoster(57));
  });
  afterAll(async () => {
    await model.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it("turns the model's WEAPONS and DRUGS_ALCOHOL findings into violations, and checks the content codes", async () => {
    model.replies.set({
      content: JSON.stringify({
        findings: [
          {
            code: "WEAPONS",
            confidence: 0.91,
            label: "revolver",
            rationale: "held up by the man on the left",
            box: { x: 0.1, y: 0.2, width: 0.2, height: 0.2 },
          },
          {
            code: "DRUGS_ALCOHOL",
            confidence: 0.84,
            label: "lit cigarette",
            rationale: "smoked by the woman in the centre",
            box: null,
          },
        ],
      }),
    });
    const { code, stdout, stderr } = await runCli(["check", "--format", "json", join(folder, "poster.jpg")], {
      LOG_LEVEL: "silent",
      DETECTORS: "metrics,openai",
      OPENAI_BASE_URL: model.url,
      OPENAI_MODEL: "qwen2.5vl:7b",
    });
    expect(stderr).toBe("");
    expect(code).toBe(1);
    const [result] = JSON.parse(stdout) as Entry[];
    expect(result?.violations).toMatchObject([
      { code: "WEAPONS", detector: "openai", evidence: { text: "revolver" } },
      { code: "DRUGS_ALCOHOL", detector: "openai", evidence: { text: "lit cigarette" } },
    ]);
    for (const content of ["NUDITY", "SUGGESTIVE", "VIOLENCE", "WEAPONS", "DRUGS_ALCOHOL", "HATE_SYMBOLS"]) {
      expect(result?.notChecked).not.toContain(content);
    }
    expect(result?.notChecked).toContain("EXCESSIVE_TEXT");
    expect(model.requests).toHaveLength(1);
    expect(model.requests[0]?.body.model).toBe("qwen2.5vl:7b");
    expect(model.requests[0]?.image).toMatchObject({ format: "jpeg" });
  });
});

describe("posterguard check with the default detectors (metrics, ocr, nsfw)", () => {
  let folder: string;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), "posterguard-check-default-"));
    // A small poster with one short word: tesseract finds the resolution implausible and says so.
    const word =
      '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="300"><rect width="200" height="300" fill="#345"/>' +
      '<text x="20" y="150" font-size="20" fill="#fff">HI</text></svg>';
    writeFileSync(join(folder, "a-word.jpg"), await sharp(Buffer.from(word)).jpeg().toBuffer());
    writeFileSync(join(folder, "b-poster.bmp"), await toBmp(await makePoster(58)));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it("reads a BMP with every detector, names the unchecked codes, and keeps the OCR engine quiet", async () => {
    const { code, stdout, stderr } = await runCli(["check", folder], { LOG_LEVEL: "silent" });
    expect(stderr).not.toMatch(/resolution/i);
    expect(stderr).toBe("");
    expect(code).toBe(1);
    expect(stdout).toMatch(/b-poster\.bmp\s+VIOLATES\s+UNSUPPORTED_FORMAT \(HIGH\)/);
    expect(stdout).toContain("2 checked: 0 comply, 2 violate, 0 errors");
    expect(stdout).toContain(
      "not checked: VIOLENCE, WEAPONS, DRUGS_ALCOHOL, HATE_SYMBOLS, LOGO_OR_WATERMARK (no enabled detector raises them",
    );
  }, 180_000);
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
