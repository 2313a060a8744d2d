import { parseArgs } from "node:util";
import { FAULT_KINDS, type FaultKind } from "./soak-faults.js";

export type BackendName = "embedded" | "aws";

export interface SoakOptions {
  backends: BackendName[];
  posters: number;
  faults: number;
  /** The kinds of fault to inject. */
  faultKinds: readonly FaultKind[];
  seed: number;
  /** Submissions started per second. */
  rate: number;
  /** Worker processes beside the server. */
  workers: number;
  /** How long the workers get, after the last answer, to settle every job. */
  drainSeconds: number;
  /** Fuzz cases to run instead of a soak (0: none). */
  fuzz: number;
}

export const DEFAULT_SOAK: Omit<SoakOptions, "backends"> = {
  posters: 2000,
  faults: 50,
  faultKinds: FAULT_KINDS,
  seed: 14,
  rate: 25,
  workers: 2,
  drainSeconds: 300,
  fuzz: 0,
};

export function parseSoakOptions(argv: string[]): SoakOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      backend: { type: "string", default: "embedded" },
      posters: { type: "string" },
      faults: { type: "string" },
      "fault-kinds": { type: "string" },
      seed: { type: "string" },
      rate: { type: "string" },
      workers: { type: "string" },
      "drain-seconds": { type: "string" },
      fuzz: { type: "string" },
    },
  });
  const backend = values.backend;
  if (backend !== "embedded" && backend !== "aws" && backend !== "both") {
    throw new Error(`--backend must be embedded, aws or both, not ${backend}`);
  }
  const number = (raw: string | undefined, fallback: number, name: string) => {
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a number ≥ 0`);
    return value;
  };
  return {
    backends: backend === "both" ? ["embedded", "aws"] : [backend],
    posters: number(values.posters, DEFAULT_SOAK.posters, "posters"),
    faults: number(values.faults, DEFAULT_SOAK.faults, "faults"),
    faultKinds: parseKinds(values["fault-kinds"]),
    seed: number(values.seed, DEFAULT_SOAK.seed, "seed"),
    rate: Math.max(0.1, number(values.rate, DEFAULT_SOAK.rate, "rate")),
    workers: Math.max(1, number(values.workers, DEFAULT_SOAK.workers, "workers")),
    drainSeconds: number(values["drain-seconds"], DEFAULT_SOAK.drainSeconds, "drain-seconds"),
    fuzz: number(values.fuzz, DEFAULT_SOAK.fuzz, "fuzz"),
  };
}

function parseKinds(raw: string | undefined): readonly FaultKind[] {
  if (raw === undefined) return FAULT_KINDS;
  const kinds = raw.split(",").map((kind) => kind.trim());
  const unknown = kinds.filter((kind) => !FAULT_KINDS.includes(kind as FaultKind));
  if (unknown.length > 0)
    throw new Error(`--fault-kinds: unknown ${unknown.join(", ")} (${FAULT_KINDS.join(", ")})`);
  return kinds as FaultKind[];
}
