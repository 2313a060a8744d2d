/** `posterguard` from the sources (not dist), for the soak's child processes. */
import { main } from "../../src/cli/main.js";

main(process.argv).then(
  (code) => {
    if (typeof code === "number") process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`posterguard: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
