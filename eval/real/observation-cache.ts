import { appendFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ObservationRepository } from "../../src/compliance/compliance-engine.js";
import type { Observation } from "../../src/domain/observation.js";

export const CACHE_DIR = fileURLToPath(new URL("./.cache/", import.meta.url));

/**
 * Observations kept on disk between runs (one JSON line each, keyed by poster hash, detector
 * and version), so that tuning rules re-judges the set in seconds. A new detector version
 * misses the cache and runs.
 */
export class DiskObservations implements ObservationRepository {
  private readonly stored = new Map<string, Observation>();
  private readonly file: string;

  constructor(dir = CACHE_DIR) {
    mkdirSync(dir, { recursive: true });
    this.file = path.join(dir, "observations.jsonl");
    if (!existsSync(this.file)) return;
    for (const line of readFileSync(this.file, "utf8").split("\n")) {
      if (!line) continue;
      const { hash, observation } = JSON.parse(line) as { hash: string; observation: Observation };
      this.stored.set(key(hash, observation.detector, observation.version), observation);
    }
  }

  async getObservation(posterHash: string, detector: string, version: string) {
    return this.stored.get(key(posterHash, detector, version));
  }

  async saveObservation(posterHash: string, observation: Observation) {
    this.stored.set(key(posterHash, observation.detector, observation.version), observation);
    appendFileSync(this.file, `${JSON.stringify({ hash: posterHash, observation })}\n`);
  }
}

function key(hash: string, detector: string, version: string): string {
  return `${hash}\u0000${detector}\u0000${version}`;
}
