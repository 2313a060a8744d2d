import { createHash } from "node:crypto";
import sharp from "sharp";
import { pngHeaderClaiming } from "../../test/support/huge-png.js";
import type { FaultImageServer } from "./fault-image-server.js";
import { type Prng, prng } from "./prng.js";

export const BAD_KINDS = [
  "malformed-json",
  "wrong-fields",
  "not-an-image",
  "truncated-jpeg",
  "huge-png",
  "closed-address",
  "deep-metadata",
] as const;
export type BadKind = (typeof BAD_KINDS)[number];

export interface Submission {
  index: number;
  requestId: string;
  kind: "poster" | "duplicate" | "bad";
  badKind?: BadKind;
  /** The poster's hash, for posters and duplicates. */
  posterHash?: string;
  /** The image path on the image server, when there is one. */
  path?: string;
  /** What is POSTed: a string is sent as it is. */
  body: unknown;
}

export const SOAK_PLATFORM = "soak";

/**
 * Posters small enough to be quick, large enough to pass the resolution rule: seeded noise
 * under a band of colour, so no two seeds give the same bytes.
 */
async function distinctPoster(seed: number): Promise<Buffer> {
  const random = prng(seed);
  const noise = Buffer.alloc(60 * 90 * 3);
  for (let i = 0; i < noise.length; i++) noise[i] = random.int(256);
  const band = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="900"><rect x="${random.int(500)}" ` +
      `y="${random.int(800)}" width="100" height="100" fill="hsl(${random.int(360)},70%,50%)"/></svg>`,
  );
  return sharp(noise, { raw: { width: 60, height: 90, channels: 3 } })
    .resize(600, 900, { kernel: "nearest" })
    .composite([{ input: band }])
    .jpeg({ quality: 80 })
    .toBuffer();
}

function sha256(bytes: Buffer): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/**
 * The soak's requests in submission order: N distinct posters, duplicates of some (same bytes at
 * another URL) and bad inputs of every kind, shuffled by the seeded PRNG.
 */
export async function planSubmissions(options: {
  posters: number;
  seed: number;
  random: Prng;
  images: FaultImageServer;
  closedPort: number;
}): Promise<Submission[]> {
  const { posters, seed, random, images } = options;
  const plan: Omit<Submission, "index" | "requestId">[] = [];
  const originals: { path: string; hash: string }[] = [];
  const batch = 8;
  for (let start = 0; start < posters; start += batch) {
    const seeds = Array.from(
      { length: Math.min(batch, posters - start) },
      (_, i) => seed * 100_000 + start + i,
    );
    const bodies = await Promise.all(seeds.map(distinctPoster));
    bodies.forEach((bytes, i) => {
      const path = `/posters/${seeds[i]}.jpg`;
      const hash = sha256(bytes);
      if (originals.some((o) => o.hash === hash))
        throw new Error(`posters ${seeds[i]} and another are the same`);
      images.set(path, bytes);
      originals.push({ path, hash });
      plan.push({ kind: "poster", posterHash: hash, path, body: jobBody(images.origin + path) });
    });
  }
  const duplicates = Math.round(posters * 0.2);
  for (let i = 0; i < duplicates && originals.length > 0; i++) {
    const original = random.pick(originals);
    const path = `/copies/${i}${original.path.replaceAll("/", "-")}`;
    images.set(path, images.bodyOf(original.path) as Buffer);
    plan.push({ kind: "duplicate", posterHash: original.hash, path, body: jobBody(images.origin + path) });
  }
  const bad = Math.max(BAD_KINDS.length, Math.round(posters * 0.05));
  for (let i = 0; i < bad; i++) {
    const badKind = BAD_KINDS[i % BAD_KINDS.length] as BadKind;
    plan.push({ kind: "bad", badKind, ...(await badInput(badKind, i, seed, images, options.closedPort)) });
  }
  for (let i = plan.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [plan[i], plan[j]] = [plan[j] as Submission, plan[i] as Submission];
  }
  return plan.map((s, index) => ({ ...s, index, requestId: `soak-${seed}-${index}` }));
}

function jobBody(posterUrl: string, metadata: Record<string, unknown> = { source: "soak" }) {
  return { platform: SOAK_PLATFORM, posterUrl, metadata };
}

async function badInput(
  kind: BadKind,
  i: number,
  seed: number,
  images: FaultImageServer,
  closedPort: number,
): Promise<{ body: unknown; path?: string }> {
  const path = `/bad/${kind}-${i}`;
  switch (kind) {
    case "malformed-json":
      return { body: `{"platform":"soak","posterUrl":"${images.origin}/x.jpg"` };
    case "wrong-fields":
      return { body: { platform: 42, posterUrl: ["not", "a", "string"], extra: { i } } };
    case "not-an-image":
      images.set(path, Buffer.from(`<html>not an image ${i}</html>`), "image/jpeg");
      return { path, body: jobBody(images.origin + path) };
    case "truncated-jpeg": {
      const whole = await distinctPoster(seed * 100_000 + 90_000 + i);
      images.set(path, whole.subarray(0, Math.floor(whole.length / 3)));
      return { path, body: jobBody(images.origin + path) };
    }
    case "huge-png":
      images.set(path, pngHeaderClaiming(60_000 + i, 60_000), "image/png");
      return { path, body: jobBody(images.origin + path) };
    case "closed-address":
      return { body: jobBody(`http://127.0.0.2:${closedPort}/gone-${i}.jpg`) };
    case "deep-metadata": {
      let metadata: Record<string, unknown> = { leaf: i };
      for (let depth = 0; depth < 40; depth++) metadata = { nested: metadata };
      const png = await sharp({
        create: { width: 600, height: 900, channels: 3, background: { r: i % 256, g: 9, b: 9 } },
      })
        .png()
        .toBuffer();
      images.set(path, png, "image/png");
      return { path, body: jobBody(images.origin + path, metadata) };
    }
  }
}
