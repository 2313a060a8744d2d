import type { ComplianceResult } from "../../src/domain/compliance-result.js";
import type { NewJob } from "../../src/ports/job-store.js";

export const HASH = "a".repeat(64);

/** A poster hash per digit/letter: `posterHash("1")` sorts before `posterHash("2")`. */
export function posterHash(char: string): string {
  return char.repeat(64);
}

/** ULID-shaped ids whose order is their number's order. */
export function jobId(n: number): string {
  return `01J${String(n).padStart(23, "0")}`;
}

/** Instants one second apart from 2026-01-01, so createdAt order follows jobId order. */
export function at(seconds: number): string {
  return new Date(Date.UTC(2026, 0, 1) + seconds * 1000).toISOString();
}

export const result: ComplianceResult = {
  isCompliant: true,
  violations: [],
  policy: { id: "default", version: "v1" },
  detectors: [],
  checkedAt: "2026-01-01T00:00:00.000Z",
  preset: "generic",
  artworkType: "poster",
};

export const failingResult: ComplianceResult = {
  ...result,
  isCompliant: false,
  violations: [
    {
      code: "PRICE_OR_PROMO",
      severity: "HIGH",
      confidence: 0.93,
      message: "the poster shows a price",
      detector: "ocr",
      evidence: { text: "$4.99", boxes: [{ x: 10, y: 20, width: 120, height: 40 }] },
    },
  ],
  detectors: [{ id: "ocr", version: "7.0.0", durationMs: 212.5 }],
};

export function newJob(id: string, overrides: Partial<NewJob> = {}): NewJob {
  const hash = overrides.posterHash ?? HASH;
  return {
    jobId: id,
    posterHash: hash,
    policyVersion: "v1",
    verdictKey: "v1",
    platform: "streamflix",
    artworkType: "poster",
    posterUrl: "https://img.example/p.jpg",
    metadata: { title: "T" },
    storage: { bucket: "b", key: `posters/streamflix/${hash.slice(0, 2)}/${hash}.jpg` },
    createdAt: "2026-01-01T00:00:00.000Z",
    ...overrides,
  };
}

/**
 * A clock the suite moves by hand, for stores that stamp changes with their own clock. Each
 * reading moves it on by a millisecond (so writes made one after another get increasing
 * instants) unless it is frozen.
 */
export class TestClock {
  private ms: number;
  frozen = false;

  constructor(start: string) {
    this.ms = Date.parse(start);
  }

  now(): Date {
    const date = new Date(this.ms);
    if (!this.frozen) this.ms += 1;
    return date;
  }

  advance(ms: number): void {
    this.ms += ms;
  }
}
