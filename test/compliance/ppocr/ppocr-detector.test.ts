import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createPpOcrDetector,
  type PpOcrDetector,
} from "../../../src/compliance/detectors/ppocr/ppocr-detector.js";
import type { OcrLine, OcrObservation } from "../../../src/compliance/observations/ocr-observation.js";
import type { Box } from "../../../src/domain/violation.js";

const WIDTH = 1000;
const HEIGHT = 1500;
/** The foot line's type: 22 px on a 1500 px poster, about 1.5 % of the height. */
const FOOT_SIZE = 22;

/** A dark poster: a large title in the upper half and a small release line near the foot. */
function posterSvg(): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}">
  <rect width="100%" height="100%" fill="#101820"/>
  <circle cx="500" cy="900" r="260" fill="#1d2b38"/>
  <text x="500" y="420" font-family="DejaVu Sans" font-weight="bold" font-size="84" fill="#f2e6c8"
    text-anchor="middle">THE LAST HARBOR</text>
  <text x="500" y="1400" font-family="DejaVu Sans" font-size="${FOOT_SIZE}" fill="#e8e8e8"
    text-anchor="middle">IN THEATERS JUNE 14</text>
</svg>`;
}

const words = (line: OcrLine) => line.words.map((w) => w.text.toUpperCase()).join(" ");

/** The line whose words read `text` (case aside), if any. */
function lineReading(observation: OcrObservation, text: string): OcrLine | undefined {
  return observation.lines.find((line) => words(line).includes(text));
}

function expectInside(box: Box, width: number, height: number): void {
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(width);
  expect(box.y + box.height).toBeLessThanOrEqual(height);
  expect(box.width).toBeGreaterThan(0);
  expect(box.height).toBeGreaterThan(0);
}

describe("createPpOcrDetector (PP-OCRv4 on onnxruntime, offline)", () => {
  let detector: PpOcrDetector;
  let poster: Buffer;
  let observation: OcrObservation;

  beforeAll(async () => {
    detector = createPpOcrDetector();
    poster = await sharp(Buffer.from(posterSvg())).png().toBuffer();
    observation = await detector.detect({ bytes: poster, format: "png", posterHash: "ppocr-test-full" });
  }, 30_000);

  afterAll(async () => {
    await detector?.close();
  });

  it("answers as the ocr detector, with a versioned model", () => {
    expect(detector.id).toBe("ocr");
    expect(detector.version).toMatch(/^ppocrv4/);
  });

  it("reports the poster's own size", () => {
    expect(observation).toMatchObject({ imageWidth: WIDTH, imageHeight: HEIGHT });
  });

  it("reads the title as one line of words, in order, where it is drawn", () => {
    const title = lineReading(observation, "THE LAST HARBOR");
    expect(title, JSON.stringify(observation.lines.map((l) => l.text))).toBeDefined();
    const line = title as OcrLine;
    expect(line.words.map((w) => w.text.toUpperCase())).toEqual(["THE", "LAST", "HARBOR"]);
    // Baseline at 420 px, capitals 84 px high: the line sits around y 355–425.
    expect(line.box.y).toBeGreaterThan(300);
    expect(line.box.y + line.box.height).toBeLessThan(480);
    for (let i = 1; i < line.words.length; i++) {
      expect(line.words[i]?.box.x).toBeGreaterThan(line.words[i - 1]?.box.x ?? 0);
    }
  });

  it("reads the small line near the foot", () => {
    const foot = lineReading(observation, "IN THEATERS JUNE 14");
    expect(foot, JSON.stringify(observation.lines.map((l) => l.text))).toBeDefined();
    expect(foot?.box.y).toBeGreaterThan(0.85 * HEIGHT);
    expect(foot?.box.height).toBeLessThan(0.03 * HEIGHT);
  });

  it("gives every word a box inside the image and a confidence", () => {
    const all = observation.lines.flatMap((line) => line.words);
    expect(all.length).toBeGreaterThanOrEqual(7);
    for (const word of all) {
      expectInside(word.box, WIDTH, HEIGHT);
      expect(word.confidence).toBeGreaterThan(0.6);
      expect(word.confidence).toBeLessThanOrEqual(1);
    }
  });

  it("reports the regions it found, covering what it read", () => {
    const regions = observation.regions ?? [];
    expect(regions.length).toBeGreaterThan(0);
    for (const region of regions) expectInside(region, WIDTH, HEIGHT);
    const title = lineReading(observation, "THE LAST HARBOR") as OcrLine;
    const centreY = title.box.y + title.box.height / 2;
    expect(regions.some((r) => r.y <= centreY && centreY <= r.y + r.height)).toBe(true);
    expect(observation.billingBlocks).toEqual([]);
  });

  it("still reads the title on a 400 × 600 thumbnail, in the thumbnail's pixels", async () => {
    const thumbnail = await sharp(poster).resize(400, 600).jpeg({ quality: 90 }).toBuffer();
    const small = await detector.detect({ bytes: thumbnail, format: "jpeg", posterHash: "ppocr-test-thumb" });
    expect(small).toMatchObject({ imageWidth: 400, imageHeight: 600 });
    const title = lineReading(small, "THE LAST HARBOR");
    expect(title, JSON.stringify(small.lines.map((l) => l.text))).toBeDefined();
    for (const word of small.lines.flatMap((line) => line.words)) expectInside(word.box, 400, 600);
  }, 20_000);
});
