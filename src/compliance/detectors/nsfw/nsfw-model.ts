import { createRequire } from "node:module";
import { dirname, sep } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import { load } from "nsfwjs/core";
import { MobileNetV2Model } from "nsfwjs/models/mobilenet_v2";
import { NSFW_CLASSES, type NsfwScores } from "./map-nsfw-classes.js";
import { NSFW_INPUT_SIZE } from "./nsfw-messages.js";

/** wasm (SIMD, one thread) measured about 20× faster than tfjs's plain JavaScript cpu backend. */
export type NsfwBackend = "wasm" | "cpu";

export interface NsfwModel {
  /** `pixels`: NSFW_INPUT_SIZE² RGB pixels, 3 bytes each, row by row. */
  classify(pixels: Uint8Array): Promise<NsfwScores>;
  dispose(): void;
}

/**
 * Loads the MobileNetV2 model bundled inside the nsfwjs package, with nothing fetched: the
 * weights come from the package's own files and the wasm binary from tfjs-backend-wasm's dist/.
 * tfjs keeps one backend per thread, so call this once per worker thread.
 */
export async function loadNsfwModel(backend: NsfwBackend = "wasm"): Promise<NsfwModel> {
  if (backend === "wasm") setWasmPaths(wasmDirectory());
  if (!(await tf.setBackend(backend))) throw new Error(`tfjs backend "${backend}" failed to start`);
  const net = await quietly(() =>
    load(MobileNetV2Model.name, { size: NSFW_INPUT_SIZE, modelDefinitions: [MobileNetV2Model] }),
  );
  return {
    async classify(pixels: Uint8Array): Promise<NsfwScores> {
      const input = tf.tensor3d(pixels, [NSFW_INPUT_SIZE, NSFW_INPUT_SIZE, 3], "int32");
      try {
        const predictions = await net.classify(input, NSFW_CLASSES.length);
        return toScores(predictions);
      } finally {
        input.dispose();
      }
    },
    dispose: () => net.dispose(),
  };
}

function wasmDirectory(): string {
  const entry = createRequire(import.meta.url).resolve("@tensorflow/tfjs-backend-wasm");
  return dirname(entry) + sep;
}

function toScores(predictions: { className: string; probability: number }[]): NsfwScores {
  const byClass = new Map(predictions.map((p) => [p.className, p.probability]));
  const scores = {} as NsfwScores;
  for (const name of NSFW_CLASSES) {
    const probability = byClass.get(name);
    if (probability === undefined) throw new Error(`nsfwjs gave no score for ${name}`);
    scores[name] = probability;
  }
  return scores;
}

/** nsfwjs announces the chosen model with console.info; a worker has no one to tell. */
async function quietly<T>(work: () => Promise<T>): Promise<T> {
  const info = console.info;
  console.info = () => undefined;
  try {
    return await work();
  } finally {
    console.info = info;
  }
}
