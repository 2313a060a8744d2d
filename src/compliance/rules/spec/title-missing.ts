import { foldText } from "../text/normalize-text.js";
import { titleApproximatelyRead } from "./approximate-title.js";
import { shareInside } from "./box-geometry.js";
import { readableSpan } from "./readable-text.js";
import {
  clipText,
  roundConfidence,
  type SpecFinding,
  type SpecInput,
  type SpecRule,
} from "./spec-finding.js";
import type { PageLine, SpecPage } from "./spec-page.js";
import { titleWordsRead } from "./title-locator.js";

/**
 * How sure "the title is missing" is, by how many lines of readable text OCR found. With
 * nothing read the title may well be there as stylised lettering OCR cannot read, so the
 * finding is raised but weak (0.6); once OCR read three lines or more and none is the
 * title, it is strong (0.9).
 */
const CONFIDENCE_BY_LINES_READ = [0.6, 0.7, 0.8, 0.9] as const;
/**
 * When the title's distinctive words (four letters or more) are read, only not together and in
 * order, the title may be there in a layout OCR cut up: the confidence drops by up to this share.
 */
const SCATTERED_WORDS_WEIGHT = 0.4;

/**
 * Large lettering OCR could not read (a line at least this much taller than the median that
 * yields no readable text, or a fragment under five characters such as "Cid") is most often
 * a stylised title: then "missing" is no surer than when OCR read nothing.
 */
const LARGE_LINE_RATIO = 1.5;
const MIN_READ_LENGTH = 5;
/**
 * Below the usual minimum confidence (0.5): on real key art nearly every title OCR cannot read is
 * hand-lettered or logo type, not absent, so unread lettering alone does not make a violation.
 */
const UNREAD_LETTERING_CONFIDENCE = 0.45;
/** A detected text region this share of the poster's height or taller is lettering, not fine print. */
const LARGE_REGION_SHARE = 0.035;
/**
 * Two thirds of the title's distinctive words, three at least, read scattered over the poster is
 * the title set in pieces ("PIRATES / CARIBBEAN / DEAD / MAN'S CHEST"); two words apart may be
 * chance ("DARK … WATER").
 */
const TITLE_WORDS_PRESENT = 0.66;

function isUnreadLettering(page: SpecPage, line: PageLine): boolean {
  if (line.box.height < LARGE_LINE_RATIO * page.medianLineHeight) return false;
  const span = readableSpan(line);
  return !span || foldText(span.text).replace(/[^a-z0-9]/g, "").length < MIN_READ_LENGTH;
}

/** A large region the detector took for text that no read line covers: stylised lettering. */
function hasUnreadLargeRegion(page: SpecPage): boolean {
  const minHeight = page.imageHeight * LARGE_REGION_SHARE;
  return page.regions.some(
    (region) =>
      region.height >= minHeight &&
      !page.lines.some((line) => shareInside(region, line.box) > 0.5 && !isUnreadLettering(page, line)),
  );
}

function readText(input: SpecInput): string {
  return clipText(input.page.lines.map((line) => line.ocr.text.trim()).join(" / "));
}

/**
 * TITLE_MISSING: the artwork type requires the title, the catalog names it, and OCR did not
 * find it (see `locateTitle` for what counts as found).
 */
export function titleMissingRule(): SpecRule {
  return {
    code: "TITLE_MISSING",
    find(input: SpecInput): SpecFinding[] {
      const { title, page, policy } = input;
      if (!policy.artwork.titleRequired || !title || title.occurrence) return [];
      if (titleApproximatelyRead(title.compiled.title, page)) return [];
      const linesRead = page.lines.filter((line) => readableSpan(line) !== undefined).length;
      const base = CONFIDENCE_BY_LINES_READ[Math.min(linesRead, CONFIDENCE_BY_LINES_READ.length - 1)] ?? 0.9;
      const { found, total } = titleWordsRead(title.compiled, title.tokens);
      const scattered = total > 0 ? found / total : 0;
      if (found >= 3 && scattered >= TITLE_WORDS_PRESENT) return [];
      const unreadLettering =
        page.lines.some((line) => isUnreadLettering(page, line)) || hasUnreadLargeRegion(page);
      const ceiling = unreadLettering ? UNREAD_LETTERING_CONFIDENCE : 1;
      const confidence = roundConfidence(Math.min(ceiling, base) * (1 - SCATTERED_WORDS_WEIGHT * scattered));
      const hint =
        linesRead === 0 || unreadLettering
          ? " OCR read no text, or large lettering it could not read: the title may be stylised art."
          : "";
      return [
        {
          code: "TITLE_MISSING",
          confidence,
          message: `The title "${title.compiled.title}" is not readable on the art.${hint}`,
          evidence: {
            text: title.compiled.title,
            measured: {
              read: readText(input),
              linesRead,
              titleWordsRead: `${found}/${total}`,
              unreadLargeLettering: unreadLettering,
            },
          },
        },
      ];
    },
  };
}
