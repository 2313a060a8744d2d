/**
 * The soak: posters, duplicates and bad inputs submitted at a steady rate to a `serve` process
 * while workers and the server are SIGKILLed and restarted, a queue message is corrupted and
 * image fetches hang or are reset; then every request and job is checked. Prints JSON; exits 1
 * when a check fails.
 *
 *   npm run soak -- [--backend embedded|aws|both] [--posters 2000] [--faults 50] [--seed 14]
 *                   [--rate 25] [--workers 2] [--drain-seconds 300] [--fuzz N]
 *                   [--fault-kinds kill-worker,kill-server,corrupt-queue,hang-image,reset-image]
 *
 * The processes run the build in dist (`npm run soak` builds it first).
 */
import { posterguardArgs } from "./child-process.js";
import { runFuzz } from "./fuzz/run-fuzz.js";
import { runSoak, type SoakReport } from "./run-soak.js";
import { parseSoakOptions } from "./soak-options.js";

const options = parseSoakOptions(process.argv.slice(2));
const progress = (line: string) => process.stderr.write(`soak: ${line}\n`);
const nodeArgs = posterguardArgs(process.env.SOAK_FROM_SOURCE === "1");

if (options.fuzz > 0) {
  const report = await runFuzz({ cases: options.fuzz, seed: options.seed, nodeArgs, progress });
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  process.exitCode = report.ok ? 0 : 1;
} else {
  const reports: SoakReport[] = [];
  for (const backend of options.backends) {
    const report = await runSoak(backend, options, { nodeArgs, progress });
    reports.push(report);
    progress(`${backend}: ${report.ok ? "passed" : `FAILED: ${report.failures.join("; ")}`}`);
  }
  process.stdout.write(`${JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 2)}\n`);
  process.exitCode = reports.every((r) => r.ok) ? 0 : 1;
}
