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
