import type { Background, Font, TextSpec, TextStyle } from "./canvas.js";
import type { Random } from "./random.js";
import { FLAT_COLOURS, FONTS, GRADIENTS, PHOTOS, SLOTS, type Slot } from "./vocabulary.js";

/** What a line is for sets its size: a title is big, a credit is small. */
export type Role = "title" | "tagline" | "year" | "claim" | "small" | "huge";

/** A line (or stacked lines) to place on a poster. */
export interface LayoutItem {
  lines: readonly string[];
  role: Role;
  slot?: Slot;
  /** An exact top (fraction of the height) instead of a slot. */
  top?: number;
  /** An exact font size in pixels instead of the role's range. */
  size?: number;
  font?: Font;
  style?: TextStyle;
  align?: TextSpec["align"];
  color?: string;
}

/** Font size as a share of the image width, by role. */
const SIZES: Record<Role, [number, number]> = {
  title: [0.075, 0.11],
  tagline: [0.032, 0.045],
  year: [0.03, 0.04],
  claim: [0.038, 0.07],
  small: [0.018, 0.022],
  huge: [0.15, 0.17],
};

const STYLES: readonly (TextStyle | undefined)[] = [
  undefined,
  undefined,
  undefined,
  "outline",
  "band",
  "shadow",
];
const ALIGNS: readonly TextSpec["align"][] = ["center", "center", "left", "right"];

/**
 * Places items in distinct vertical slots (an item may name its slot), each with a font, size,
 * alignment and style drawn from `random`. `slots` limits where unplaced items may go.
 */
export function layOut(
  random: Random,
  width: number,
  height: number,
  items: readonly LayoutItem[],
  slots: readonly Slot[] = Object.keys(SLOTS) as Slot[],
): TextSpec[] {
  const free = slots.filter((slot) => !items.some((item) => item.slot === slot));
  const specs: TextSpec[] = [];
  for (const item of items) {
    const slot = item.top === undefined ? (item.slot ?? takeSlot(random, free)) : undefined;
    const [min, max] = SIZES[item.role];
    const drawn = Math.round(width * random.between(min, max));
    const size = item.size ?? drawn;
    const font = item.font ?? random.pick(FONTS);
    const align = item.align ?? (item.role === "title" ? "center" : random.pick(ALIGNS));
    const style = item.style ?? (item.role === "huge" ? undefined : random.pick(STYLES));
    const [from, to] = SLOTS[slot ?? "middle"];
    let top = item.top ?? random.between(from, to);
    for (const text of item.lines) {
      specs.push({
        text,
        font,
        size,
        top,
        align,
        ...(style ? { style } : {}),
        ...(item.color ? { color: item.color } : {}),
      });
      top += (size * 1.45) / height;
    }
  }
  return specs;
}

function takeSlot(random: Random, free: Slot[]): Slot {
  if (free.length === 0) throw new Error("no free slot left on the poster");
  const index = Math.floor(random.next() * free.length);
  return free.splice(index, 1)[0] as Slot;
}

export type BackgroundKind = "flat" | "gradient" | "photo";

export function pickBackground(random: Random, kind?: BackgroundKind): Background {
  const chosen = kind ?? random.pick<BackgroundKind>(["flat", "gradient", "photo", "photo", "photo"]);
  if (chosen === "flat") return { kind: "flat", color: random.pick(FLAT_COLOURS) };
  if (chosen === "gradient") {
    const { from, to } = random.pick(GRADIENTS);
    return { kind: "gradient", from, to, angle: random.int(20, 160) };
  }
  return {
    kind: "photo",
    photo: random.pick(PHOTOS),
    flop: random.next() < 0.5,
    rotate: random.pick([0, 0, 90, 270] as const),
  };
}

/** A short name of a background, for descriptions. */
export function describeBackground(background: Background): string {
  if (background.kind === "flat") return `flat ${background.color}`;
  if (background.kind === "gradient") return `gradient ${background.from}→${background.to}`;
  return `photo ${background.photo}${background.rotate ? ` rotated ${background.rotate}` : ""}`;
}

export function describeLines(lines: readonly TextSpec[]): string {
  return lines
    .map(
      (line) =>
        `"${line.text}" (${line.font.family} ${line.font.weight}, ${line.size}px, ${line.style ?? "auto"})`,
    )
    .join("; ");
}
