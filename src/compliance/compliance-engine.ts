import type { ComplianceResult, DetectorRun } from "../domain/compliance-result.js";
import type { Observation } from "../domain/observation.js";
import { type Policy, ruleFor } from "../domain/policy.js";
import type { Violation } from "../domain/violation.js";
import type { Clock } from "../ports/clock.js";
import type { Detector, PosterImage } from "../ports/detector.js";
import type { JobStore } from "../ports/job-store.js";

/** A detector and the rules that turn what it observed into violations under a policy. */
export interface JudgedDetector<T = unknown> {
  detector: Detector<T>;
  judge(observation: T, policy: Policy, detectorId: string): Violation[];
}

export type ObservationRepository = Pick<JobStore, "getObservation" | "saveObservation">;

/**
 * Runs each detector once per (poster, detector version), keeps what it saw, and judges
 * the observations under a policy.
 */
export class ComplianceEngine {
  constructor(
    private readonly detectors: JudgedDetector[],
    private readonly observations: ObservationRepository,
    private readonly clock: Clock,
  ) {}

  get detectorIds(): string[] {
    return this.detectors.map((d) => d.detector.id);
  }

  async check(image: PosterImage, policy: Policy, signal?: AbortSignal): Promise<ComplianceResult> {
    const observed = await Promise.all(this.detectors.map((entry) => this.observe(entry, image, signal)));
    return this.judge(observed, policy);
  }

  judge(observed: Observation[], policy: Policy): ComplianceResult {
    const violations: Violation[] = [];
    const runs: DetectorRun[] = [];
    for (const observation of observed) {
      const entry = this.detectors.find(
        (d) => d.detector.id === observation.detector && d.detector.version === observation.version,
      );
      if (!entry) continue;
      runs.push({
        id: observation.detector,
        version: observation.version,
        durationMs: observation.durationMs,
      });
      violations.push(...entry.judge(observation.data, policy, observation.detector));
    }
    const kept = violations.filter((v) => {
      const rule = ruleFor(policy, v.code);
      return rule.enabled && v.confidence >= rule.minConfidence;
    });
    return {
      isCompliant: kept.length === 0,
      violations: kept,
      policy: { id: policy.id, version: policy.version },
      detectors: runs,
      checkedAt: this.clock.now().toISOString(),
    };
  }

  private async observe(
    entry: JudgedDetector,
    image: PosterImage,
    signal?: AbortSignal,
  ): Promise<Observation> {
    const { id, version } = entry.detector;
    const stored = await this.observations.getObservation(image.posterHash, id, version);
    if (stored) return stored;
    const started = performance.now();
    const data = await entry.detector.detect(image, signal);
    const observation: Observation = {
      detector: id,
      version,
      durationMs: round(performance.now() - started),
      data,
    };
    await this.observations.saveObservation(image.posterHash, observation);
    return observation;
  }
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
