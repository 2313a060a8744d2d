import { PDQ_GRID } from "./jarosz-filter.js";

/**
 * PDQ's quality, 0…100: how much detail the 64×64 grid holds, as the sum of the significant
 * gradients between neighbours (each difference in percent of full scale, truncated to whole
 * percents so that many tiny ones count for nothing), divided by 90 and capped at 100. The PDQ
 * authors advise against matching on hashes of quality under 50: flat images hash unstably.
 */
export function pdqQuality(grid: Float64Array): number {
  let gradients = 0;
  const step = (u: number, v: number) => Math.abs(Math.trunc(((u - v) * 100) / 255));
  for (let i = 0; i < PDQ_GRID; i++) {
    for (let j = 0; j < PDQ_GRID; j++) {
      const here = grid[i * PDQ_GRID + j] ?? 0;
      if (i + 1 < PDQ_GRID) gradients += step(here, grid[(i + 1) * PDQ_GRID + j] ?? 0);
      if (j + 1 < PDQ_GRID) gradients += step(here, grid[i * PDQ_GRID + j + 1] ?? 0);
    }
  }
  return Math.min(100, Math.trunc(gradients / 90));
}
