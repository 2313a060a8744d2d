import type { PosterShape } from "../profile/profile-schema.js";
import type { RawImage } from "./page-scan.js";

/**
 * Words in class names, ids and roles that mark site chrome rather than artwork. Alt text is not
 * read: it is the title on a poster, and titles such as "Avatar" or "Ad Astra" would match.
 */
const CHROME_CLASS_WORDS = new Set([
  "logo",
  "logos",
  "logotype",
  "wordmark",
  "avatar",
  "avatars",
  "userpic",
  "profilepic",
  "icon",
  "icons",
  "favicon",
  "sprite",
  "sprites",
  "emoji",
  "pixel",
  "tracking",
  "tracker",
  "beacon",
  "spacer",
  "badge",
  "badges",
  "spinner",
  "loader",
  "ad",
  "ads",
  "advert",
  "advertisement",
  "sponsor",
  "sponsored",
]);

/** File names say less (a poster may be called avatar.jpg), so only unambiguous words count there. */
const CHROME_FILE_WORDS = new Set([
  "logo",
  "favicon",
  "sprite",
  "spacer",
  "pixel",
  "beacon",
  "tracking",
  "tracker",
]);

export type PosterVerdict = { poster: true } | { poster: false; reason: string };

function words(text: string): string[] {
  return text
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

function fileWords(url: string): string[] {
  try {
    const path = new URL(url).pathname;
    return words(path.slice(path.lastIndexOf("/") + 1).replace(/\.[a-z0-9]+$/i, ""));
  } catch {
    return [];
  }
}

/** The word that marks this element as chrome, if any. */
export function nonPosterHint(image: RawImage, url: string): string | undefined {
  return (
    words(image.hints).find((w) => CHROME_CLASS_WORDS.has(w)) ??
    fileWords(url).find((w) => CHROME_FILE_WORDS.has(w))
  );
}

type Size = { width: number; height: number };

/** The image file's own size, once it has loaded. */
function naturalSize(image: RawImage): Size | undefined {
  return image.naturalWidth > 0 && image.naturalHeight > 0
    ? { width: image.naturalWidth, height: image.naturalHeight }
    : undefined;
}

/** What the page draws of it: the visible part of its box (cropped, fitted), when laid out. */
function drawnSize(image: RawImage): Size | undefined {
  const drawn = image.shown ?? { width: image.width, height: image.height };
  return drawn.width > 0 && drawn.height > 0 ? drawn : undefined;
}

function shapeProblem(size: Size, shape: PosterShape): string | undefined {
  if (size.width < shape.minWidth || size.height < shape.minHeight) {
    return `too small (${size.width}×${size.height})`;
  }
  const aspect = size.width / size.height;
  if (aspect < shape.minAspect || aspect > shape.maxAspect) {
    return `aspect ${aspect.toFixed(2)} outside ${shape.minAspect}–${shape.maxAspect}`;
  }
  return undefined;
}

/**
 * Whether an image is poster artwork: portrait within the aspect range and large enough, either as
 * the file is or as the page draws it (a landscape file cropped into a portrait card is a poster on
 * screen), and not marked as a logo, avatar, icon, tracking pixel or ad. An image found through the
 * profile's tile selector is trusted when it has not been laid out or loaded yet.
 */
export function judgePoster(image: RawImage, url: string, shape: PosterShape): PosterVerdict {
  if (!image.fromTile) {
    const hint = nonPosterHint(image, url);
    if (hint) return { poster: false, reason: `marked "${hint}"` };
  }
  const sizes = [naturalSize(image), drawnSize(image)].filter((s): s is Size => s !== undefined);
  if (sizes.length === 0) {
    return image.fromTile ? { poster: true } : { poster: false, reason: "not laid out and not loaded" };
  }
  const problems = sizes.map((size) => shapeProblem(size, shape));
  if (problems.some((problem) => problem === undefined)) return { poster: true };
  return { poster: false, reason: problems.join("; drawn ") };
}
