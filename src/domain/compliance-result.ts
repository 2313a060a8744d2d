import type { Violation } from "./violation.js";

export interface DetectorRun {
  id: string;
  version: string;
  durationMs: number;
}

export interface ComplianceResult {
  isCompliant: boolean;
  violations: Violation[];
  policy: { id: string; version: string };
  detectors: DetectorRun[];
  checkedAt: string;
  /** The preset the policy started from and the artwork type judged. */
  preset: string;
  artworkType: string;
}
