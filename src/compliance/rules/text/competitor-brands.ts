/**
 * Streaming services, grouped by owner: naming any member of a family in `ownBrands`
 * allows the whole family (a Prime Video poster may say "Amazon Prime").
 * Names that are also studios or ordinary words alone ("Disney", "Paramount", "Amazon",
 * "Discovery", "Pluto") are listed only in their service form (`Disney+`, `Pluto TV`).
 * "Max", "Peacock", "Showtime" and "Starz" are ordinary words or names too, yet the
 * services' usual names: see `WORD_LIKE_BRANDS`.
 */
export const BRAND_FAMILIES: readonly (readonly string[])[] = [
  ["Netflix"],
  ["Prime Video", "Amazon Prime", "Amazon Prime Video", "Amazon Video", "Freevee"],
  ["Disney+", "Disney Plus", "Disney+ Hotstar", "Hotstar"],
  ["Hulu"],
  ["Max", "HBO Max", "HBO"],
  ["Apple TV+", "Apple TV"],
  ["Paramount+"],
  ["Peacock"],
  ["Crunchyroll"],
  ["Tubi"],
  ["Pluto TV"],
  ["Starz"],
  ["Showtime"],
  ["Mubi"],
  ["Discovery+"],
  ["BritBox"],
  ["Rakuten TV"],
  ["Canal+"],
  ["DAZN"],
  ["YouTube", "YouTube TV"],
  ["Roku Channel", "Roku"],
  ["Vudu", "Fandango at Home"],
  ["Sling TV"],
  ["fuboTV", "Fubo"],
  ["AMC+"],
  ["MGM+"],
  ["BET+"],
  ["Acorn TV"],
  ["Criterion Channel"],
  ["Kanopy"],
  ["Viaplay"],
  ["SkyShowtime"],
  ["Zee5"],
  ["SonyLIV"],
  ["iQIYI"],
];

export const DEFAULT_COMPETITOR_BRANDS: readonly string[] = BRAND_FAMILIES.flat();

/**
 * Service names that are also ordinary words or first names ("Max von Sydow", "Mad Max",
 * "It's showtime"). Alone they raise only as a logo would appear: alone on their line,
 * after "on" ("only on Max", "streaming on Peacock") or before "original(s)".
 */
export const WORD_LIKE_BRANDS: readonly string[] = ["Max", "Peacock", "Showtime", "Starz"];

/**
 * Well-known platform slugs and the service each one is: a platform of that slug owns the
 * service's whole family without any configuration (a Netflix poster on `netflix` may say
 * "Netflix"), and every other service stays a competitor.
 */
export const PLATFORM_SERVICES: Readonly<Record<string, string>> = {
  netflix: "Netflix",
  "prime-video": "Prime Video",
  "amazon-prime-video": "Prime Video",
  "amazon-prime": "Prime Video",
  "disney-plus": "Disney+",
  disneyplus: "Disney+",
  hotstar: "Disney+ Hotstar",
  "disney-plus-hotstar": "Disney+ Hotstar",
  hulu: "Hulu",
  max: "Max",
  "hbo-max": "HBO Max",
  hbo: "HBO",
  "apple-tv": "Apple TV+",
  "apple-tv-plus": "Apple TV+",
  peacock: "Peacock",
  "paramount-plus": "Paramount+",
  crunchyroll: "Crunchyroll",
  tubi: "Tubi",
  "pluto-tv": "Pluto TV",
  starz: "Starz",
  showtime: "Showtime",
  mubi: "Mubi",
  "discovery-plus": "Discovery+",
  britbox: "BritBox",
  "rakuten-tv": "Rakuten TV",
  "canal-plus": "Canal+",
  dazn: "DAZN",
  youtube: "YouTube",
  "youtube-tv": "YouTube TV",
  "roku-channel": "Roku Channel",
  roku: "Roku",
  vudu: "Vudu",
  "sling-tv": "Sling TV",
  fubo: "fuboTV",
  "amc-plus": "AMC+",
  "mgm-plus": "MGM+",
  "bet-plus": "BET+",
  "acorn-tv": "Acorn TV",
  "criterion-channel": "Criterion Channel",
  kanopy: "Kanopy",
  viaplay: "Viaplay",
  skyshowtime: "SkyShowtime",
  zee5: "Zee5",
  sonyliv: "SonyLIV",
  iqiyi: "iQIYI",
};

/** The service names a platform owns by its slug alone (empty for a slug that is no known service). */
export function platformOwnBrands(platform: string | undefined): string[] {
  const service = platform ? PLATFORM_SERVICES[platform] : undefined;
  return service ? [service] : [];
}
