import sharp from "sharp";
import { makePoster } from "../../support/posters.js";

/** A detailed poster inside flat black bands at the top and bottom: LETTERBOXING with boxes. */
export async function makeLetterboxedPoster(seed: number, band = 200): Promise<Buffer> {
  const inner = await makePoster(seed, 1000, 1500 - 2 * band, "png");
  return sharp({ create: { width: 1000, height: 1500, channels: 3, background: "#000000" } })
    .composite([{ input: inner, top: band, left: 0 }])
    .jpeg({ quality: 88 })
    .toBuffer();
}

export interface PosterFixture {
  title: string;
  platform: string;
  path: string;
  make: () => Promise<Buffer>;
  /** Codes the metrics detector raises. */
  codes: string[];
}

export const POSTERS: PosterFixture[] = [
  {
    title: "Night Harbor",
    platform: "streamflix",
    path: "/p/night-harbor.jpg",
    make: () => makePoster(101),
    codes: [],
  },
  {
    title: "Letterbox Blues",
    platform: "streamflix",
    path: "/p/letterbox-blues.jpg",
    make: () => makeLetterboxedPoster(102),
    codes: ["LETTERBOXING"],
  },
  {
    title: "Tiny Planet",
    platform: "streamflix",
    path: "/p/tiny-planet.jpg",
    make: () => makePoster(103, 400, 600),
    codes: ["LOW_RESOLUTION"],
  },
  {
    title: "Square Deal",
    platform: "otherflix",
    path: "/p/square-deal.jpg",
    make: () => makePoster(104, 320, 320),
    codes: ["ASPECT_RATIO", "LOW_RESOLUTION"],
  },
  {
    title: "The Long Summer",
    platform: "otherflix",
    path: "/p/long-summer.jpg",
    make: () => makePoster(105),
    codes: [],
  },
  {
    title: "Glass Garden",
    platform: "cinemax-go",
    path: "/p/glass-garden.jpg",
    make: () => makePoster(106),
    codes: [],
  },
  {
    title: "Red Meridian",
    platform: "streamflix",
    path: "/p/red-meridian.jpg",
    make: () => makePoster(107),
    codes: [],
  },
  {
    title: "Paper Moons",
    platform: "cinemax-go",
    path: "/p/paper-moons.jpg",
    make: () => makePoster(108),
    codes: [],
  },
];
