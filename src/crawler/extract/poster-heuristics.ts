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

/** The image's own size when it has loaded, else its laid-out size. */
export function measuredSize(image: RawImage): { width: number; height: number; known: boolean } {
  if (image.naturalWidth > 0 && image.naturalHeight > 0) {
    return { width: image.naturalWidth, height: image.naturalHeight, known: true };
  }
  return { width: image.width, height: image.height, known: image.width > 0 && image.height > 0 };
}

/**
 * Whether an image is poster artwork: portrait within the aspect range, large enough, and not
 * marked as a logo, avatar, icon, tracking pixel or ad. An image found through the profile's
 * tile selector is trusted when it has not been laid out or loaded yet.
 */
export function judgePoster(image: RawImage, url: string, shape: PosterShape): PosterVerdict {
  const size = measuredSize(image);
  if (!image.fromTile) {
    const hint = nonPosterHint(image, url);
    if (hint) return { poster: false, reason: `marked "${hint}"` };
  }
  if (!size.known) {
    return image.fromTile ? { poster: true } : { poster: false, reason: "not laid out and not loaded" };
  }
  if (size.width < shape.minWidth || size.height < shape.minHeight) {
    return { poster: false, reason: `too small (${size.width}×${size.height})` };
  }
  const aspect = size.width / size.height;
  if (aspect < shape.minAspect || aspect > shape.maxAspect) {
    return {
      poster: false,
      reason: `aspect ${aspect.toFixed(2)} outside ${shape.minAspect}–${shape.maxAspect}`,
    };
  }
  return { poster: true };
}
