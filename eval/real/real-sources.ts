/** How the posters of each source are judged: the platform they would be shown on. */
export interface JudgedAs {
  /** A preset name or policy file. */
  policy: string;
  platform: string;
  artworkType: string;
}

/**
 * Theatrical one-sheets go to Prime Video's poster spec (the strictest shipped preset: no
 * billing blocks, dates, formats, URLs, other platforms); the landscape streaming tiles are
 * judged as cover art on the generic preset, shown on Prime Video, so that a Netflix badge is
 * a competitor's.
 */
export const JUDGED_AS: Record<string, JudgedAs> = {
  mcu: { policy: "prime-video", platform: "prime-video", artworkType: "poster" },
  tahtisade: { policy: "prime-video", platform: "prime-video", artworkType: "poster" },
  mpa: { policy: "prime-video", platform: "prime-video", artworkType: "poster" },
  mounce: { policy: "prime-video", platform: "prime-video", artworkType: "poster" },
  netflix: { policy: "generic", platform: "prime-video", artworkType: "cover" },
};

export function judgedAs(sourceId: string): JudgedAs {
  const judged = JUDGED_AS[sourceId];
  if (!judged) throw new Error(`no judging rule for source "${sourceId}" in eval/real/real-sources.ts`);
  return judged;
}
