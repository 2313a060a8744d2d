import { createHash } from "node:crypto";
import { SEVERITIES, type Severity, type ViolationCode } from "../../../src/domain/violation.js";
import type {
  IndexedViolation,
  PosterIndexEntry,
  ReviewState,
  VerdictStatus,
} from "../../../src/ports/poster-index.js";

export const SYNTHETIC_PLATFORMS = [
  "streamflix",
  "otherflix",
  "cinemax-go",
  "kidsbox",
  "docuplus",
  "anime-now",
];
const CODES: [ViolationCode, Severity][] = [
  ["LOW_RESOLUTION", "HIGH"],
  ["ASPECT_RATIO", "MEDIUM"],
  ["LETTERBOXING", "MEDIUM"],
  ["BLURRY", "MEDIUM"],
  ["URL_OR_CONTACT", "MEDIUM"],
  ["PRICE_OR_PROMO", "MEDIUM"],
  ["COMPETITOR_BRAND", "HIGH"],
  ["NUDITY", "CRITICAL"],
  ["EXCESSIVE_TEXT", "LOW"],
  ["HATE_SYMBOLS", "CRITICAL"],
];
const WORDS = [
  "night",
  "harbor",
  "summer",
  "glass",
  "garden",
  "red",
  "meridian",
  "paper",
  "moons",
  "iron",
  "river",
  "silent",
  "echo",
  "last",
  "kingdom",
  "star",
  "fall",
  "winter",
  "code",
  "shadow",
  "empire",
  "blue",
  "city",
  "dream",
];

/** A deterministic pseudo-random number generator (xorshift32). */
function random(seed: number) {
  let state = seed || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
}

/** A ULID-like, time-ordered job id: Crockford base32 of the index, zero-padded to 26. */
function jobIdOf(i: number): string {
  const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  let n = i;
  let out = "";
  do {
    out = alphabet[n % 32] + out;
    n = Math.floor(n / 32);
  } while (n > 0);
  return `01J${out.padStart(23, "0")}`;
}

/** `count` posters shaped like a real catalog: about 70 % compliant, a few codes common, some rare. */
export function syntheticEntries(count: number, seed = 7): PosterIndexEntry[] {
  const next = random(seed);
  const entries: PosterIndexEntry[] = [];
  for (let i = 0; i < count; i++) {
    const posterHash = createHash("sha256").update(`poster-${seed}-${i}`).digest("hex");
    const roll = next();
    const status: VerdictStatus =
      roll < 0.7 ? "compliant" : roll < 0.96 ? "violating" : roll < 0.99 ? "pending" : "failed";
    const violations: IndexedViolation[] = [];
    if (status === "violating") {
      const n = 1 + Math.floor(next() * 2.2);
      for (let k = 0; k < n; k++) {
        // Rare codes: the last ones are picked far less often.
        const index = Math.min(CODES.length - 1, Math.floor(next() ** 2.5 * CODES.length));
        const [code, severity] = CODES[index] as [ViolationCode, Severity];
        if (!violations.some((v) => v.code === code)) violations.push({ code, severity });
      }
    }
    const reviewed = status === "violating" && next() < 0.3;
    const reviewState: ReviewState = reviewed ? (next() < 0.25 ? "overturned" : "confirmed") : "unreviewed";
    const platforms = [SYNTHETIC_PLATFORMS[Math.floor(next() * SYNTHETIC_PLATFORMS.length)] as string];
    if (next() < 0.15) {
      const other = SYNTHETIC_PLATFORMS[Math.floor(next() * SYNTHETIC_PLATFORMS.length)] as string;
      if (!platforms.includes(other)) platforms.push(other);
    }
    const title = Array.from(
      { length: 2 + Math.floor(next() * 2) },
      () => WORDS[Math.floor(next() * WORDS.length)],
    )
      .join(" ")
      .replace(/^./, (c) => c.toUpperCase());
    const updatedAt = new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString();
    const severity = violations.reduce<Severity | undefined>(
      (max, v) => (!max || SEVERITIES.indexOf(v.severity) > SEVERITIES.indexOf(max) ? v.severity : max),
      undefined,
    );
    entries.push({
      posterHash,
      title: `${title} ${i}`,
      platforms: platforms.sort(),
      artworkType: "poster",
      jobStatus: status === "pending" ? "PENDING" : status === "failed" ? "FAILED" : "COMPLETED",
      status,
      violations,
      reviewState,
      latestJobId: jobIdOf(i + 1),
      policyVersion: "0123456789abcdef",
      storageKey: `posters/${platforms[0]}/${posterHash.slice(0, 2)}/${posterHash}.jpg`,
      updatedAt,
      ...(severity ? { maxSeverity: severity } : {}),
      ...(reviewed ? { humanVerdict: reviewState === "overturned" ? "compliant" : "violating" } : {}),
      ...(reviewed ? { reviewedBy: "alice", reviewedAt: updatedAt } : {}),
      ...(status === "compliant" || status === "violating" ? { checkedAt: updatedAt } : {}),
      firstSeenAt: updatedAt,
      lastSeenAt: updatedAt,
    });
  }
  return entries;
}
