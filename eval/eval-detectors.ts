import type { JudgedDetector, ObservationRepository } from "../src/compliance/compliance-engine.js";
import { createDetectors } from "../src/compliance/detector-registry.js";
import type { Observation } from "../src/domain/observation.js";

export const DEFAULT_DETECTORS = ["metrics", "ocr", "nsfw"] as const;

export interface EvalDetector {
  name: string;
  entry: JudgedDetector;
}

/** The detectors named, as the worker builds them (the detector registry), with the codes they judge. */
export function evalDetectors(names: readonly string[]): EvalDetector[] {
  const entries = createDetectors([...names]);
  return entries.map((entry, index) => ({ name: names[index] as string, entry }));
}

/** Observations kept in memory for one run: nothing is reused across runs. */
export class MemoryObservations implements ObservationRepository {
  private readonly stored = new Map<string, Observation>();

  async getObservation(posterHash: string, detector: string, version: string) {
    return this.stored.get(`${posterHash}\u0000${detector}\u0000${version}`);
  }

  async saveObservation(posterHash: string, observation: Observation) {
    this.stored.set(`${posterHash}\u0000${observation.detector}\u0000${observation.version}`, observation);
  }
}
