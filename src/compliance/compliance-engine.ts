import type { DetectorRun, JudgedResult } from "../domain/compliance-result.js";
import type { Observation } from "../domain/observation.js";
import { type Policy, ruleFor } from "../domain/policy.js";
import { VIOLATION_CODES, type Violation, type ViolationCode } from "../domain/violation.js";
import { readablePoster } from "../imaging/readable-image.js";
import type { Clock } from "../ports/clock.js";
import type { Detector, PosterImage } from "../ports/detector.js";
import type { JobStore } from "../ports/job-store.js";
import { mergeViolations } from "./merge-violations.js";
import { admittedFindings, type RuleContext, type RuleFamily, toViolation } from "./rules/rule.js";

/** What else a verdict may depend on besides the image: the title the catalog gives, if known. */
export interface JudgeContext {
  title?: string;
}

/** A detector and the rules that judge what it observed. */
export interface JudgedDetector<T = unknown> {
  detector: Detector<T>;
  /** The codes its rules can raise (for `agreement` merging, `notChecked` and the README's table). */
  codes: readonly ViolationCode[];
  /** The rule families that judge its observations, in order. */
  rules: readonly RuleFamily<T, unknown>[];
  /** Stops worker threads or pools the detector keeps, so the process can exit. */
  close?(): Promise<void>;
}

/**
 * What one detector's observation raises under a policy: its rules' findings that the policy
 * admits (rules on, findings at or above their minConfidence), the strongest per code, with the
 * policy's severity. The one place findings become violations; `mergeViolations` then only merges.
 */
export function judgeObservation<T>(
  entry: JudgedDetector<T>,
  data: T,
  policy: Policy,
  detectorId: string,
  context: JudgeContext = {},
): Violation[] {
  return judgeWith(entry, data, { policy, title: context.title }, detectorId);
}

function judgeWith<T>(entry: JudgedDetector<T>, data: T, context: RuleContext, detectorId: string) {
  // A finding replaces the one kept for its code when it is stronger than that one as reported.
  const strongest = new Map<ViolationCode, Violation>();
  for (const family of entry.rules) {
    for (const finding of admittedFindings(family, data, context)) {
      const known = strongest.get(finding.code);
      if (!known || finding.confidence > known.confidence) {
        strongest.set(finding.code, toViolation(finding, context.policy, detectorId));
      }
    }
  }
  return [...strongest.values()];
}

export type ObservationRepository = Pick<JobStore, "getObservation" | "saveObservation">;

/** Thrown when a verdict needs an observation that is not stored (re-judging never runs detectors). */
export class MissingObservationError extends Error {
  override readonly name = "MissingObservationError";
}

/**
 * Runs each detector once per (poster, detector version), keeps what it saw, and judges
 * the observations under a policy: detectors → observations → rules → merge → verdict.
 */
export class ComplianceEngine {
  /** Detector runs by detector id since start (observations reused from storage do not count). */
  readonly runs = new Map<string, number>();

  /** The codes some detector's rules can raise. */
  private readonly raisable: ReadonlySet<ViolationCode>;

  constructor(
    private readonly detectors: JudgedDetector[],
    private readonly observations: ObservationRepository,
    private readonly clock: Clock,
    private readonly onRun?: (detector: string, durationMs: number) => void,
  ) {
    this.raisable = new Set(detectors.flatMap((d) => d.codes));
  }

  get detectorIds(): string[] {
    return this.detectors.map((d) => d.detector.id);
  }

  get entries(): readonly JudgedDetector[] {
    return this.detectors;
  }

  /**
   * The codes `policy` enables that none of the detectors can raise, in code order: a verdict
   * cannot speak for them, whatever `isCompliant` says.
   */
  notChecked(policy: Policy): ViolationCode[] {
    return VIOLATION_CODES.filter((code) => ruleFor(policy, code).enabled && !this.raisable.has(code));
  }

  async check(
    image: PosterImage,
    policy: Policy,
    context: JudgeContext = {},
    signal?: AbortSignal,
  ): Promise<JudgedResult> {
    // A format sharp cannot decode (BMP) is read through a copy of its pixels; see readablePoster.
    const readable = await readablePoster(image);
    const observed = await Promise.all(this.detectors.map((entry) => this.observe(entry, readable, signal)));
    return this.judge(observed, policy, context);
  }

  /**
   * A verdict from stored observations only; throws MissingObservationError when one is missing.
   * A detector no rule judges (pdq) cannot change a verdict, so its observation is not required.
   */
  async rejudge(posterHash: string, policy: Policy, context: JudgeContext = {}): Promise<JudgedResult> {
    const observed: Observation[] = [];
    for (const { detector, rules } of this.detectors) {
      const stored = await this.observations.getObservation(posterHash, detector.id, detector.version);
      if (!stored && rules.length === 0) continue;
      if (!stored) throw new MissingObservationError(`no ${detector.id} ${detector.version} observation`);
      observed.push(stored);
    }
    return this.judge(observed, policy, context);
  }

  judge(observed: Observation[], policy: Policy, context: JudgeContext = {}): JudgedResult {
    const raised: Violation[] = [];
    const runs: DetectorRun[] = [];
    const ruleContext: RuleContext = { policy, title: context.title };
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
      raised.push(...judgeWith(entry, observation.data, ruleContext, observation.detector));
    }
    const violations = mergeViolations(raised, policy, (code) =>
      this.detectors.filter((d) => d.codes.includes(code)).map((d) => d.detector.id),
    );
    return {
      isCompliant: violations.length === 0,
      violations,
      policy: { id: policy.id, version: policy.version },
      detectors: runs,
      checkedAt: this.clock.now().toISOString(),
      ...resultContext(policy),
      notChecked: this.notChecked(policy),
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
    const durationMs = Math.round((performance.now() - started) * 10) / 10;
    this.runs.set(id, (this.runs.get(id) ?? 0) + 1);
    this.onRun?.(id, durationMs);
    const observation: Observation = { detector: id, version, durationMs, data };
    await this.observations.saveObservation(image.posterHash, observation);
    return observation;
  }
}

function resultContext(policy: Policy) {
  return { preset: policy.preset, artworkType: policy.artworkType };
}
