export const PLATFORM_PATTERN = "^[a-z0-9][a-z0-9-]{0,62}$";
const platformRegex = new RegExp(PLATFORM_PATTERN);

export function isPlatformSlug(value: string): boolean {
  return platformRegex.test(value);
}
