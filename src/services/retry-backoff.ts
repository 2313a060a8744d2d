export interface BackoffSettings {
  baseSeconds: number;
  maxSeconds: number;
}

/** Exponential backoff with full jitter on the upper half: attempt 1 waits about base, 2 about 2×base, … */
export function retryDelaySeconds(attempt: number, settings: BackoffSettings, random = Math.random): number {
  const ceiling = Math.min(settings.maxSeconds, settings.baseSeconds * 2 ** Math.max(0, attempt - 1));
  return ceiling / 2 + (random() * ceiling) / 2;
}
