import type { Violation, ViolationCode } from "./violation.js";

export interface DetectorRun {
  id: string;
  version: string;
  durationMs: number;
}

export interface ComplianceResult {
  /** No violation among the codes checked: says nothing about the codes in `notChecked`. */
  isCompliant: boolean;
  violations: Violation[];
  policy: { id: string; version: string };
  detectors: DetectorRun[];
  checkedAt: string;
  /** The preset the policy started from and the artwork type judged. */
  preset: string;
  artworkType: string;
  /**
   * Codes the policy enables that no enabled detector can raise (with the default detectors:
   * VIOLENCE, WEAPONS, DRUGS_ALCOHOL, HATE_SYMBOLS, LOGO_OR_WATERMARK), in code order.
   *
   * Optional because results stored before this field existed lack it, and they are read as they
   * are: absent means "not recorded", not "nothing left unchecked". It is not computed on read
   * because that would need the detector set and the policy version in force when the verdict was
   * made; only the versions are stored, so a value made up now could name the wrong codes.
   * Every verdict made now (a check, a re-judgement) carries it: see JudgedResult.
   */
  notChecked?: ViolationCode[];
}

/** A verdict as the engine makes it: `notChecked` is always there. */
export type JudgedResult = ComplianceResult & { notChecked: ViolationCode[] };
