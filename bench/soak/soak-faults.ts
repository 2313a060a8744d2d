import type { FaultImageServer } from "./fault-image-server.js";
import type { Fleet } from "./fleet.js";
import type { Prng } from "./prng.js";
import type { SoakBackend } from "./soak-backend.js";

export type FaultKind = "kill-worker" | "kill-server" | "corrupt-queue" | "hang-image" | "reset-image";

export const FAULT_KINDS: readonly FaultKind[] = [
  "kill-worker",
  "kill-server",
  "corrupt-queue",
  "hang-image",
  "reset-image",
];

const WEIGHTED: FaultKind[] = [
  "kill-worker",
  "kill-worker",
  "kill-worker",
  "kill-server",
  "kill-server",
  "hang-image",
  "reset-image",
];

export interface FaultLog {
  byKind: Record<FaultKind, number>;
  /** The job whose queue message was overwritten, when one was. */
  corruptedJobId?: string;
  corruption?: string;
}

/**
 * Injects `count` faults at seeded moments over `spanMs`: SIGKILLed workers (restarted after a
 * short pause) and servers (restarted at once on the same port), one corrupted queue message,
 * image fetches that hang or are reset. Resolves when the last fault is over.
 */
export async function injectFaults(options: {
  count: number;
  /** The kinds allowed (all by default). */
  kinds?: readonly FaultKind[];
  spanMs: number;
  random: Prng;
  fleet: Fleet;
  backend: SoakBackend;
  images: FaultImageServer;
  /** The image path of a poster not submitted yet, to arm a fault on. */
  upcomingPath: () => string | undefined;
}): Promise<FaultLog> {
  const { count, spanMs, random, fleet, images } = options;
  const log: FaultLog = {
    byKind: { "kill-worker": 0, "kill-server": 0, "corrupt-queue": 0, "hang-image": 0, "reset-image": 0 },
  };
  const moments = Array.from({ length: count }, () => spanMs * (0.05 + 0.9 * random.next())).sort(
    (a, b) => a - b,
  );
  const allowed = options.kinds ?? FAULT_KINDS;
  const weighted = WEIGHTED.filter((kind) => allowed.includes(kind));
  const corruptAt = count > 0 && allowed.includes("corrupt-queue") ? random.int(count) : -1;
  const restarting = new Map<number, Promise<void>>();
  const started = Date.now();
  for (const [i, moment] of moments.entries()) {
    const wait = started + moment - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    if (i !== corruptAt && weighted.length === 0) continue;
    const kind: FaultKind = i === corruptAt ? "corrupt-queue" : random.pick(weighted);
    if (kind === "kill-worker") {
      const ready = Array.from({ length: fleet.workerCount }, (_, w) => w).filter((w) => !restarting.has(w));
      if (ready.length === 0) await Promise.race(restarting.values());
      const index = ready.length > 0 ? random.pick(ready) : random.int(fleet.workerCount);
      await restarting.get(index);
      const restart = fleet.killWorker(index, random.int(1500)).finally(() => restarting.delete(index));
      restarting.set(index, restart);
    } else if (kind === "kill-server") {
      await fleet.killServer();
    } else if (kind === "corrupt-queue") {
      const damage = await options.backend.corruptQueueMessage();
      log.corruption = damage.how;
      if (damage.jobId) log.corruptedJobId = damage.jobId;
    } else {
      const path = options.upcomingPath();
      if (!path) continue;
      images.arm(path, kind === "hang-image" ? "hang" : "reset");
    }
    log.byKind[kind] += 1;
  }
  await Promise.all(restarting.values());
  return log;
}
