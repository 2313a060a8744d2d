/**
 * What one detector saw on one poster. Stored per (posterHash, detector, version)
 * so that a policy change re-judges without running any detector again.
 */
export interface Observation<T = unknown> {
  detector: string;
  version: string;
  durationMs: number;
  data: T;
}
