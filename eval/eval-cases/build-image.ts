import type { Sharp } from "sharp";
import { type CanvasSpec, type Painted, paint, paintTransparent, sharpOf } from "./canvas.js";
import type { DrawnText, RenderedImage } from "./eval-case.js";

export type Encoding =
  | { format: "jpeg"; quality?: number; colourspace?: "cmyk" | "b-w" }
  | { format: "png"; opaqueAlpha?: boolean }
  | { format: "webp" | "gif" | "tiff" };

/** Flat bars added around the picture: letterbox (top, bottom), pillarbox (left, right) or a border. */
export interface Frame {
  top: number;
  bottom: number;
  left: number;
  right: number;
  colour: string;
}

/** How an image of the set is made: a canvas, then optional bars and blur, then an encoding. */
export interface ImageRecipe {
  canvas: CanvasSpec;
  /** Title art: the lines alone on a transparent background (the canvas background is ignored). */
  transparent?: boolean;
  frame?: Frame;
  /** Gaussian blur sigma (pixels) over the finished picture, text included. */
  blurSigma?: number;
  encoding: Encoding;
}

const EXTENSIONS = { jpeg: "jpg", png: "png", webp: "webp", gif: "gif", tiff: "tiff" } as const;

export async function buildImage(recipe: ImageRecipe): Promise<RenderedImage> {
  const { canvas } = recipe;
  const painted = recipe.transparent
    ? await paintTransparent(canvas.width, canvas.height, canvas.lines, canvas.seed)
    : await paint(canvas);
  let image = sharpOf(painted);
  let lines = painted.lines;
  let { width, height } = painted;
  if (recipe.blurSigma) image = sharpOf(await rawOf(image.blur(recipe.blurSigma), painted));
  if (recipe.frame) {
    const { top, bottom, left, right, colour } = recipe.frame;
    image = sharpOf(await rawOf(image.extend({ top, bottom, left, right, background: colour }), painted));
    lines = lines.map((line) => shift(line, left, top));
    width += left + right;
    height += top + bottom;
  }
  const bytes = await encode(image, recipe.encoding);
  return { bytes, extension: EXTENSIONS[recipe.encoding.format], width, height, lines };
}

/** Materialises a pipeline (sharp runs blur and extend lazily, after any composite). */
async function rawOf(image: Sharp, like: Painted): Promise<Painted> {
  const { data, info } = await image.raw().toBuffer({ resolveWithObject: true });
  return { ...like, raw: data, width: info.width, height: info.height, channels: info.channels as 3 | 4 };
}

function shift(line: DrawnText, dx: number, dy: number): DrawnText {
  return { text: line.text, box: { ...line.box, x: line.box.x + dx, y: line.box.y + dy } };
}

async function encode(image: Sharp, encoding: Encoding): Promise<Buffer> {
  switch (encoding.format) {
    case "jpeg": {
      const colourspace = encoding.colourspace;
      const converted = colourspace ? image.toColourspace(colourspace) : image;
      return converted.jpeg({ quality: encoding.quality ?? 90 }).toBuffer();
    }
    case "png":
      return (encoding.opaqueAlpha ? image.ensureAlpha(1) : image).png({ compressionLevel: 6 }).toBuffer();
    case "webp":
      return image.webp({ quality: 90 }).toBuffer();
    case "gif":
      return image.gif({ effort: 1 }).toBuffer();
    case "tiff":
      return image.tiff({ compression: "lzw" }).toBuffer();
  }
}
