import { generateToken, isKeyName, keyEntry } from "./api-keys.js";
import { isRole, ROLES } from "./roles.js";

export interface KeysCreateOptions {
  name: string;
  role: string;
  format?: "table" | "json";
}

/**
 * `posterguard keys create --role reviewer --name alice`: prints a new token once, and the
 * configuration line that holds only its digest. Nothing is stored.
 */
export function keysCreateCommand(
  options: KeysCreateOptions,
  out: NodeJS.WritableStream = process.stdout,
  err: NodeJS.WritableStream = process.stderr,
): number {
  if (!isKeyName(options.name)) {
    err.write("posterguard: --name must be letters, digits and . _ @ - (up to 64)\n");
    return 2;
  }
  if (!isRole(options.role)) {
    err.write(`posterguard: --role must be one of ${ROLES.join(", ")}\n`);
    return 2;
  }
  const token = generateToken();
  const entry = keyEntry(options.name, options.role, token);
  if (options.format === "json") {
    out.write(`${JSON.stringify({ name: options.name, role: options.role, token, entry })}\n`);
    return 0;
  }
  out.write(
    `New ${options.role} key for ${options.name}. Copy the token now: it is not stored anywhere and cannot be shown again.\n\n` +
      `  ${token}\n\n` +
      "Add this line to API_KEYS (entries separated by commas) or to the API_KEYS_FILE (one per line):\n\n" +
      `  ${entry}\n\n` +
      "Send the token as `Authorization: Bearer <token>`, or paste it on the dashboard's sign-in page.\n",
  );
  return 0;
}
