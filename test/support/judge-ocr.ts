import { ComplianceEngine, type JudgedDetector } from "../../src/compliance/compliance-engine.js";
import { createDetectors } from "../../src/compliance/detector-registry.js";
import type { OcrObservation } from "../../src/compliance/observations/ocr-observation.js";
import { PolicySource } from "../../src/compliance/policy/policy-source.js";
import type { Policy } from "../../src/domain/policy.js";
import type { Violation, ViolationCode } from "../../src/domain/violation.js";

/**
 * Judges OCR observations built by hand the way the service does: the registry's `ocr` entry
 * (its text and platform-spec rules) in a ComplianceEngine, under a policy resolved from the
 * shipped policy files. The detector itself never runs: no model is loaded.
 */
export class OcrJudge {
  private readonly entry: JudgedDetector;
  private readonly engine: ComplianceEngine;
  private readonly sources = new Map<string, PolicySource>();

  constructor() {
    const [entry] = createDetectors(["ocr"]);
    if (!entry) throw new Error("the registry has no ocr detector");
    this.entry = entry;
    this.engine = new ComplianceEngine(
      [entry],
      { getObservation: async () => undefined, saveObservation: async () => {} },
      { now: () => new Date("2026-01-01T00:00:00Z") },
    );
  }

  /** The policy the service would apply: `preset`'s file, for `platform` and `artworkType`. */
  policy(options: { preset?: string; platform?: string; artworkType?: string } = {}): Policy {
    const preset = options.preset ?? "generic";
    let source = this.sources.get(preset);
    if (!source) {
      source = new PolicySource(preset);
      this.sources.set(preset, source);
    }
    return source.forPoster(options.platform, options.artworkType ?? "poster");
  }

  /** Every violation the engine's verdict holds for this observation. */
  judge(ocr: OcrObservation, policy: Policy, title?: string): Violation[] {
    const { detector } = this.entry;
    const result = this.engine.judge(
      [{ detector: detector.id, version: detector.version, durationMs: 0, data: ocr }],
      policy,
      title === undefined ? {} : { title },
    );
    return result.violations;
  }

  /** The violations of one code. */
  judgeCode(code: ViolationCode, ocr: OcrObservation, policy: Policy, title?: string): Violation[] {
    return this.judge(ocr, policy, title).filter((violation) => violation.code === code);
  }

  async close(): Promise<void> {
    await this.entry.close?.();
  }
}
