/**
 * Availability wording (AVAILABILITY_DATE). Calendar dates and "streaming Friday"-like
 * phrases are patterns in `availability-date.ts`; a bare year is allowed.
 */
export const AVAILABILITY_TERMS: readonly string[] = [
  "coming soon",
  "streaming soon",
  "now streaming",
  "streaming now",
  "now playing",
  "now showing",
  "in theaters",
  "in theatres",
  "in cinemas",
  "in select theaters",
  "in select theatres",
  "in select cinemas",
  "only in theaters",
  "only in theatres",
  "only in cinemas",
  "at cinemas",
  "available now",
  "now available",
  "out now",
];

export const MONTH_PATTERN =
  "(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";

export const WEEKDAY_PATTERN = "(?:mon|tues|wednes|thurs|fri|satur|sun)day";

/** What may follow "this"/"next" to name a release window. */
export const SEASON_PATTERN = `(?:${WEEKDAY_PATTERN}|weekend|summer|fall|autumn|winter|spring|christmas|holiday season|holidays)`;

/** Verbs of release that make a following day or month an availability date. */
export const RELEASE_VERB_PATTERN =
  "(?:streaming|premieres?|premiering|arrives?|arriving|coming|available|out|in theaters|in theatres|in cinemas)";

/**
 * "In cinemas" and month names as posters print them in other languages (folded: no accents).
 * Spanish, French, Italian, Portuguese, German, Dutch, Swedish/Norwegian/Danish, Finnish (the
 * inessive "-kuussa", "in <month>", too) and Turkish.
 */
export const FOREIGN_RELEASE_TERMS: readonly string[] = [
  "en cines",
  "solo en cines",
  "au cinema",
  "le au cinema",
  "actuellement au cinema",
  "prochainement",
  "nelle sale",
  "al cinema",
  "nos cinemas",
  "im kino",
  "ab im kino",
  "demnachst im kino",
  "in de bioscoop",
  "pa bio",
  "pa kino",
  "i biografen",
  "elokuvateattereissa",
  "teattereissa",
  "ensi-illassa",
  "ensi illassa",
  "sinemalarda",
  "vizyonda",
];

export const FOREIGN_MONTH_PATTERN =
  "(?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre|janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre|gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre|janeiro|fevereiro|marco|maio|junho|julho|setembro|outubro|novembro|dezembro|januar|februar|marz|juni|juli|oktober|dezember|januari|februari|maart|augustus|oktober|mei|tammikuu|helmikuu|maaliskuu|huhtikuu|toukokuu|kesakuu|heinakuu|elokuu|syyskuu|lokakuu|marraskuu|joulukuu|ocak|subat|nisan|mayis|haziran|temmuz|agustos|eylul|ekim|kasim|aralik)";

/** Seasons and holidays that alone on a line name a release window ("SUMMER 2017", "CHRISTMAS"). */
export const WINDOW_WORD_PATTERN =
  "(?:summer|fall|autumn|winter|spring|christmas|thanksgiving|easter|halloween|this holiday season|holiday season|this holiday)";

/** Full English month names (abbreviations and "May" are words too often to stand alone). */
export const FULL_MONTHS: readonly string[] = [
  "january",
  "february",
  "march",
  "april",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
];
