import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mapNsfwClasses, NSFW_CLASSES } from "../../src/compliance/detectors/nsfw/map-nsfw-classes.js";
import { createNsfwDetector, type NsfwDetector } from "../../src/compliance/detectors/nsfw/nsfw-detector.js";
import { nsfwInputPixels } from "../../src/compliance/detectors/nsfw/nsfw-input.js";
import type { ContentObservation } from "../../src/compliance/observations/content-observation.js";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const photoDir = fileURLToPath(new URL("../fixtures/pdq/", import.meta.url));
/** Every real photo of the PDQ reference suite: a bridge in many variants and 7 unrelated scenes. */
const photos = readdirSync(photoDir)
  .filter((name) => name.endsWith(".jpg"))
  .sort()
  .map((name) => ({ name, bytes: readFileSync(`${photoDir}${name}`) }));

function detect(detector: NsfwDetector, bytes: Buffer, signal?: AbortSignal): Promise<ContentObservation> {
  return detector.detect({ bytes, format: "jpeg", posterHash: "0".repeat(64) }, signal);
}

function confidence(observation: ContentObservation, code: "NUDITY" | "SUGGESTIVE"): number {
  const finding = observation.findings.find((f) => f.code === code);
  if (!finding) throw new Error(`no ${code} finding`);
  return finding.confidence;
}

function scoreSum(observation: ContentObservation): number {
  return Object.values(observation.scores ?? {}).reduce((sum, score) => sum + score, 0);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const round = (value: number) => Number(value.toFixed(4));

describe("mapping nsfwjs classes to findings", () => {
  const scores = { Drawing: 0.05, Hentai: 0.1, Neutral: 0.2, Porn: 0.4, Sexy: 0.25 };

  it("always reports NUDITY as Porn + Hentai and SUGGESTIVE as Sexy", () => {
    const findings = mapNsfwClasses(scores);
    expect(findings.map((f) => f.code)).toEqual(["NUDITY", "SUGGESTIVE"]);
    expect(findings[0]?.confidence).toBeCloseTo(0.5, 10);
    expect(findings[0]?.label).toBe("Porn");
    expect(findings[1]).toEqual({ code: "SUGGESTIVE", confidence: 0.25, label: "Sexy" });
  });

  it("labels nudity by the larger of its two classes", () => {
    expect(mapNsfwClasses({ ...scores, Hentai: 0.6, Porn: 0.1 })[0]?.label).toBe("Hentai");
    expect(mapNsfwClasses({ ...scores, Hentai: 0.3, Porn: 0.3 })[0]?.label).toBe("Porn+Hentai");
  });

  it("keeps a confidence within 0..1 when float sums overshoot", () => {
    expect(mapNsfwClasses({ ...scores, Hentai: 0.5000001, Porn: 0.5000001 })[0]?.confidence).toBe(1);
  });
});

describe("the model's input", () => {
  it("is 224×224 RGB whatever the poster: grey, transparent (shown over white) or wide", async () => {
    const grey = await sharp({ create: { width: 300, height: 450, channels: 3, background: "#808080" } })
      .toColourspace("b-w")
      .png()
      .toBuffer();
    const clear = await sharp({ create: { width: 1000, height: 200, channels: 4, background: "#ff000000" } })
      .png()
      .toBuffer();
    const greyPixels = await nsfwInputPixels(grey);
    const clearPixels = await nsfwInputPixels(clear);
    expect(greyPixels).toHaveLength(224 * 224 * 3);
    expect([...greyPixels.subarray(0, 3)]).toEqual([128, 128, 128]);
    expect(clearPixels).toHaveLength(224 * 224 * 3);
    expect([...clearPixels.subarray(0, 3)]).toEqual([255, 255, 255]);
  });
});

describe("the nsfw detector", () => {
  let one: NsfwDetector;
  let two: NsfwDetector;
  let sequential: Promise<{ observations: ContentObservation[]; ms: number[] }> | undefined;

  beforeAll(() => {
    one = createNsfwDetector({ workers: 1 });
    two = createNsfwDetector({ workers: 2 });
  });
  afterAll(async () => {
    await Promise.all([one?.close(), two?.close()]);
  });

  /** Every photo, one after the other, on one worker; shared by the tests that need it. */
  function runSequentially() {
    sequential ??= (async () => {
      const observations: ContentObservation[] = [];
      const ms: number[] = [];
      for (const photo of photos) {
        const started = performance.now();
        observations.push(await detect(one, photo.bytes));
        ms.push(performance.now() - started);
      }
      return { observations, ms };
    })();
    return sequential;
  }

  it("names itself, nsfwjs's version and the model", () => {
    expect(one.id).toBe("nsfw");
    expect(one.version).toMatch(/^nsfwjs-4\.\d+\.\d+-mobilenet_v2-224-v\d+$/);
  });

  it("loads the model on first use, then answers faster from the warm worker", async () => {
    const photo = photos[0];
    if (!photo) throw new Error("no fixture photos");
    let started = performance.now();
    const cold = await detect(one, photo.bytes);
    const coldMs = performance.now() - started;
    started = performance.now();
    const warm = await detect(one, photo.bytes);
    const warmMs = performance.now() - started;
    console.log(`nsfw first call ${coldMs.toFixed(0)} ms (model load), second ${warmMs.toFixed(0)} ms`);
    expect(warmMs).toBeLessThan(coldMs);
    expect(warm).toEqual(cold);
  }, 60_000);

  it("sees no nudity and nothing suggestive in any real photo, with all five class scores", async () => {
    const { observations, ms } = await runSequentially();
    const table = photos.map((photo, i) => {
      const observation = observations[i] as ContentObservation;
      return {
        photo: photo.name,
        NUDITY: round(confidence(observation, "NUDITY")),
        SUGGESTIVE: round(confidence(observation, "SUGGESTIVE")),
        ...Object.fromEntries(Object.entries(observation.scores ?? {}).map(([k, v]) => [k, round(v)])),
      };
    });
    console.table(table);
    console.log(`nsfw 1 worker, one poster at a time: p50 ${median(ms).toFixed(0)} ms per poster`);
    expect(observations).toHaveLength(photos.length);
    for (const observation of observations) {
      expect(observation.model).toBe("nsfwjs MobileNetV2");
      expect(Object.keys(observation.scores ?? {}).sort()).toEqual([...NSFW_CLASSES]);
      expect(scoreSum(observation)).toBeCloseTo(1, 3);
      expect(confidence(observation, "NUDITY")).toBeLessThan(0.5);
      expect(confidence(observation, "SUGGESTIVE")).toBeLessThan(0.5);
    }
  }, 60_000);

  it("returns the same scores for posters classified in parallel on two workers", async () => {
    const { observations } = await runSequentially();
    await two.warmUp();
    const latencies: number[] = [];
    const started = performance.now();
    const parallel = await Promise.all(
      photos.map(async (photo) => {
        const begun = performance.now();
        const observation = await detect(two, photo.bytes);
        latencies.push(performance.now() - begun);
        return observation;
      }),
    );
    const wallMs = performance.now() - started;
    console.log(
      `nsfw 2 workers, ${photos.length} posters at once: ${(wallMs / photos.length).toFixed(0)} ms per poster ` +
        `(wall ${wallMs.toFixed(0)} ms, p50 latency ${median(latencies).toFixed(0)} ms)`,
    );
    expect(parallel).toHaveLength(observations.length);
    parallel.forEach((observation, i) => {
      const expected = observations[i] as ContentObservation;
      for (const name of NSFW_CLASSES) {
        expect(observation.scores?.[name], `${photos[i]?.name} ${name}`).toBeCloseTo(
          expected.scores?.[name] ?? Number.NaN,
          6,
        );
      }
    });
  }, 60_000);

  it("sees no nudity in a synthetic poster of flat colours and drawn shapes, transparent corners included", async () => {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="900">
      <rect x="0" y="0" width="600" height="900" rx="80" fill="#1d3557"/>
      <circle cx="300" cy="300" r="180" fill="#e63946"/>
      <rect x="80" y="560" width="440" height="120" fill="#f1faee"/>
      <polygon points="100,850 300,620 500,850" fill="#a8dadc"/>
    </svg>`;
    const png = await sharp(Buffer.from(svg)).png().toBuffer();
    const observation = await one.detect({ bytes: png, format: "png", posterHash: "1".repeat(64) });
    console.log(`nsfw synthetic poster: ${JSON.stringify(observation.scores)}`);
    expect(scoreSum(observation)).toBeCloseTo(1, 3);
    expect(confidence(observation, "NUDITY")).toBeLessThan(0.5);
    expect(confidence(observation, "SUGGESTIVE")).toBeLessThan(0.5);
  });

  it("drops a queued poster whose caller gives up, and still answers the others", async () => {
    const photo = photos[0] as { bytes: Buffer };
    const controller = new AbortController();
    const first = detect(one, photo.bytes);
    const second = detect(one, photo.bytes, controller.signal);
    const third = detect(one, photo.bytes);
    controller.abort(new Error("caller gave up"));
    await expect(second).rejects.toThrow("caller gave up");
    const [a, c] = await Promise.all([first, third]);
    expect(c).toEqual(a);
    await expect(detect(one, photo.bytes, AbortSignal.abort(new Error("too late")))).rejects.toThrow(
      "too late",
    );
  });

  it("rejects bytes that are not an image without harming the workers", async () => {
    await expect(detect(one, Buffer.from("not an image"))).rejects.toThrow();
    const photo = photos[0] as { bytes: Buffer };
    await expect(detect(one, photo.bytes)).resolves.toMatchObject({ model: "nsfwjs MobileNetV2" });
  });

  it("refuses posters once closed", async () => {
    const closed = createNsfwDetector({ workers: 1 });
    await closed.close();
    await expect(detect(closed, (photos[0] as { bytes: Buffer }).bytes)).rejects.toThrow(/closed/);
    await expect(closed.warmUp()).rejects.toThrow(/closed/);
  });

  // Worker threads outside vitest: the same code as compiled to dist/ and as source run by tsx.
  const sourceModule = new URL("../../src/compliance/detectors/nsfw/nsfw-detector.ts", import.meta.url);
  const distFile = fileURLToPath(
    new URL("../../dist/compliance/detectors/nsfw/nsfw-detector.js", import.meta.url),
  );
  const distState = compiledState();

  /** Detects one photo in a fresh Node process that must exit on its own once the detector is closed. */
  function detectInChild(moduleUrl: string, nodeArgs: string[]): Promise<Record<string, number>> {
    const photo = `${photoDir}${photos[0]?.name}`;
    const script = `
      import { readFileSync } from "node:fs";
      const { createNsfwDetector } = await import(${JSON.stringify(moduleUrl)});
      const detector = createNsfwDetector({ workers: 1 });
      const observation = await detector.detect({ bytes: readFileSync(${JSON.stringify(photo)}), format: "jpeg", posterHash: "x" });
      await detector.close();
      console.log(JSON.stringify(observation.scores));`;
    return new Promise((resolve, reject) => {
      execFile(
        process.execPath,
        [...nodeArgs, "--input-type=module", "-e", script],
        { cwd: repoRoot, timeout: 50_000 },
        (error, stdout, stderr) => {
          if (error) return reject(new Error(`${error.message}\n${stderr}`));
          resolve(JSON.parse(stdout.trim().split("\n").at(-1) ?? "null"));
        },
      );
    });
  }

  it(`runs from the TypeScript source under tsx and from the compiled dist/ (${distState}), then lets the process exit`, async (context) => {
    const expected = runSequentially().then(({ observations }) => observations[0] as ContentObservation);
    const fromSource = detectInChild(sourceModule.href, ["--import", "tsx"]);
    const fromDist = distState === "fresh" ? detectInChild(pathToFileURL(distFile).href, []) : undefined;
    const [reference, sourceScores, distScores] = await Promise.all([expected, fromSource, fromDist]);
    expect(sourceScores).toEqual(reference.scores);
    if (!distScores) {
      context.skip(`dist/ is ${distState}: run \`npm run build\` to test the compiled worker too`);
      return;
    }
    expect(distScores).toEqual(reference.scores);
  }, 60_000);

  function compiledState(): "fresh" | "missing" | "stale" {
    if (!existsSync(distFile)) return "missing";
    const sourceDir = fileURLToPath(new URL("../../src/compliance/detectors/nsfw/", import.meta.url));
    const distDir = fileURLToPath(new URL("../../dist/compliance/detectors/nsfw/", import.meta.url));
    for (const name of readdirSync(sourceDir)) {
      const compiled = `${distDir}${name.replace(/\.ts$/, ".js")}`;
      if (!existsSync(compiled) || statSync(compiled).mtimeMs < statSync(`${sourceDir}${name}`).mtimeMs) {
        return "stale";
      }
    }
    return "fresh";
  }
});
