import { parentPort } from "node:worker_threads";
import type { ClassifyRequest, WorkerReply } from "./nsfw-messages.js";
import { loadNsfwModel } from "./nsfw-model.js";

// Worker-thread entry: loads the model once, then classifies one poster at a time for the pool.
const port = parentPort;
if (!port) throw new Error("nsfw-worker must run in a worker thread");

const model = await loadNsfwModel();
const reply = (message: WorkerReply) => port.postMessage(message);

port.on("message", ({ pixels }: ClassifyRequest) => {
  model.classify(pixels).then(
    (scores) => reply({ type: "scores", scores }),
    (error: unknown) =>
      reply({ type: "failed", message: error instanceof Error ? error.message : String(error) }),
  );
});
reply({ type: "ready" });
