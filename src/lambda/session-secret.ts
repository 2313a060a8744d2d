import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { ConfigError } from "../config-error.js";

type Environment = Record<string, string | undefined>;
type SecretsClient = Pick<SecretsManagerClient, "send">;

/**
 * Cold start of the API function: when SESSION_SECRET_ARN names a Secrets Manager secret and no
 * SESSION_SECRET is set, reads the secret once and sets SESSION_SECRET to it, so every container
 * signs and checks dashboard sessions with the same key (the value never sits in the function's
 * configuration). A secret that cannot be read stops the start rather than signing with a
 * random key. The value is checked like any SESSION_SECRET when access control loads.
 */
export async function loadSessionSecret(
  env: Environment = process.env,
  client?: SecretsClient,
): Promise<void> {
  const secretId = env.SESSION_SECRET_ARN;
  if (!secretId || env.SESSION_SECRET) return;
  if (client) {
    env.SESSION_SECRET = await readSecretString(client, secretId);
    return;
  }
  const owned = new SecretsManagerClient({});
  try {
    env.SESSION_SECRET = await readSecretString(owned, secretId);
  } finally {
    owned.destroy();
  }
}

async function readSecretString(client: SecretsClient, secretId: string): Promise<string> {
  let value: string | undefined;
  try {
    value = (await client.send(new GetSecretValueCommand({ SecretId: secretId }))).SecretString;
  } catch (error) {
    const { name, message } = error as Error;
    throw new ConfigError([`SESSION_SECRET_ARN=${secretId}: cannot read the secret (${name}: ${message})`]);
  }
  if (!value) throw new ConfigError([`SESSION_SECRET_ARN=${secretId}: the secret has no string value`]);
  return value;
}
