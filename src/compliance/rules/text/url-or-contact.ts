import { collapseUrlSpacing, originalRange } from "./collapse-url-spacing.js";
import type { LineRule } from "./line-rule.js";
import type { LineText } from "./line-text.js";
import { regexMatches } from "./regex-matches.js";
import { MATCH_QUALITY, type TextMatch } from "./text-match.js";
import { TOP_LEVEL_DOMAINS } from "./top-level-domains.js";

const SCHEME_URL = /\b(?:https?|ftp):\/\/[^\s]+/g;
const EMAIL = /[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.([a-z0-9]{2,10})(?![a-z0-9-])/g;
const DOMAIN =
  /(?<![a-z0-9@._-])((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+)([a-z0-9]{2,10})(?![a-z0-9-])(?:\/[^\s]*)?/g;
/**
 * `emberroad com`: a `.com` address whose dot OCR read as a space. The host must be a long
 * word, so that `rom com` and `dot com` stay prose.
 */
const SPACED_DOT_COM = /(?<![a-z0-9@._-])[a-z0-9][a-z0-9-]{3,61}[a-z0-9] com(?![a-z0-9-]|\.[a-z0-9])/g;
const HANDLE = /(?<![a-z0-9_@.])@[a-z0-9_](?:[a-z0-9_.]*[a-z0-9_])?/g;
/** `#KongSkullIsland`, also as OCR splits it (`#Wonder Woman` keeps `#Wonder`); not `#1`. */
const HASHTAG = /(?<![a-z0-9_#&])#[a-z][a-z0-9_]{2,}/g;
const PHONE = /(?<![\w$€£¥₹.,/:+-])(?:\+\s?)?\(?\d[\d\s().-]{4,22}\d(?![\w%$€£¥₹]|[.,]\d)/g;

const KIND_NAMES: Record<string, string> = {
  url: "a web address",
  email: "an email address",
  phone: "a phone number",
  handle: "a social media handle",
  hashtag: "a social media hashtag",
};

const HAS_LETTER = /[a-z]/;
/** `12.24.2025`, also as OCR spaces it (`12. 24.2025`). */
const NUMERIC_DATE = /\d{1,4} ?([./-]) ?\d{1,2} ?\1 ?\d{1,4}/;
const CURRENCY_AFTER = /^\s?(?:[$€£¥₹]|usd\b|eur\b|gbp\b|dollars?\b|euros?\b)/;
const CURRENCY_BEFORE = /(?:[$€£¥₹]|usd|eur|gbp)\s?$/;

/** OCR reads `com` as `c0m` or `corn`. */
function repairTld(tld: string): string {
  return tld.replaceAll("0", "o").replaceAll("rn", "m");
}

function tldQuality(rawTld: string, isWww: boolean): number {
  if (TOP_LEVEL_DOMAINS.has(rawTld)) return MATCH_QUALITY.exact;
  const repaired = repairTld(rawTld);
  if (HAS_LETTER.test(rawTld) && TOP_LEVEL_DOMAINS.has(repaired)) return MATCH_QUALITY.normalised;
  if (isWww && /^[a-z]{2,}$/.test(repaired)) return MATCH_QUALITY.exact;
  return 0;
}

function domainQuality(m: RegExpExecArray): number {
  const host = m[1] ?? "";
  if (!HAS_LETTER.test(host)) return 0;
  return tldQuality(m[2] ?? "", host.startsWith("www."));
}

function emailQuality(m: RegExpExecArray): number {
  const tld = m[1] ?? "";
  return HAS_LETTER.test(tld) ? Math.max(tldQuality(tld, false), MATCH_QUALITY.normalised) : 0;
}

function looksLikePhone(text: string, m: RegExpExecArray): boolean {
  const candidate = m[0];
  const groups = candidate.match(/\d+/g) ?? [];
  const digits = groups.join("").length;
  if (digits < 7 || digits > 15) return false;
  if (groups.every((g) => g.length === 4 && g >= "1900" && g <= "2099")) return false;
  if (groups.slice(1).some((g) => g.length === 1)) return false;
  if (NUMERIC_DATE.test(candidate)) return false;
  const separators = candidate.replace(/[\d+]/g, "");
  if (/^\.+$/.test(separators) && groups.length === 2) return false;
  if (/^[.,]+$/.test(separators) && groups.slice(1).every((g) => g.length === 3)) return false;
  const after = text.slice(m.index + candidate.length);
  const before = text.slice(0, m.index);
  return !CURRENCY_AFTER.test(after) && !CURRENCY_BEFORE.test(before);
}

function addressMatches(text: string): TextMatch[] {
  const collapsed = collapseUrlSpacing(text);
  const found = [
    ...regexMatches(collapsed.text, SCHEME_URL, "url"),
    ...regexMatches(collapsed.text, EMAIL, "email", emailQuality),
    ...regexMatches(collapsed.text, DOMAIN, "url", domainQuality),
  ].map((match) => {
    const [start, end] = originalRange(collapsed, match.start, match.end);
    const respaced = end - start !== match.end - match.start;
    const quality = respaced ? Math.min(match.quality, MATCH_QUALITY.normalised) : match.quality;
    return { ...match, start, end, quality };
  });
  const spacedDotCom = regexMatches(text, SPACED_DOT_COM, "url", () => MATCH_QUALITY.fuzzy).filter(
    (spaced) => !found.some((match) => match.start < spaced.end && spaced.start < match.end),
  );
  return [...found, ...spacedDotCom];
}

export interface UrlOrContactOptions {
  /** Whether a hashtag counts as contact (platform specs that ban social media say so). */
  hashtags: boolean;
}

/**
 * URL_OR_CONTACT: web addresses (with or without scheme, OCR spacing, `c0m` and a
 * `.com` read as ` com` tolerated), emails, phone numbers of 7 to 15 digits that are not
 * years, dates or prices, @handles, and hashtags where the policy bans them.
 */
export function urlOrContactRule(options: UrlOrContactOptions = { hashtags: false }): LineRule {
  return {
    code: "URL_OR_CONTACT",
    find(line: LineText): TextMatch[] {
      const text = line.text;
      return [
        ...addressMatches(text),
        ...regexMatches(text, HANDLE, "handle", (m) => (HAS_LETTER.test(m[0]) && m[0].length > 2 ? 1 : 0)),
        ...regexMatches(text, PHONE, "phone", (m) => (looksLikePhone(text, m) ? 1 : 0)),
        ...(options.hashtags ? regexMatches(text, HASHTAG, "hashtag") : []),
      ];
    },
    describe: (match, text) => `The poster shows ${KIND_NAMES[match.term] ?? match.term}: "${text}".`,
  };
}
