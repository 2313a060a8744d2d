import type { ViolationCode } from "../../../domain/violation.js";

/** What a vision model is asked to judge: our code and what it means, as the prompt tells the model. */
export interface ContentCodeDescription {
  code: ViolationCode;
  description: string;
}

/** Judged from the picture itself. */
export const PICTURE_CODES = [
  {
    code: "NUDITY",
    description:
      "exposed genitals, buttocks or female nipples, sexual activity, sex toys, including drawn or illustrated nudity",
  },
  {
    code: "SUGGESTIVE",
    description:
      "sexualised but not explicit content: partial or implied nudity, lingerie or swimwear posed sexually, sexual situations",
  },
  {
    code: "VIOLENCE",
    description: "physical violence, blood, gore, wounds, corpses, self-harm, torture or graphic injury",
  },
  {
    code: "WEAPONS",
    description: "guns, knives, swords or other weapons shown prominently, held or aimed",
  },
  {
    code: "DRUGS_ALCOHOL",
    description: "illegal drugs, pills, drug paraphernalia, smoking or vaping, alcoholic drinks or drinking",
  },
  {
    code: "HATE_SYMBOLS",
    description: "nazi or white-supremacist symbols, extremist flags, hateful gestures or slogans",
  },
  {
    code: "LOGO_OR_WATERMARK",
    description:
      "a studio, network or channel logo, a watermark, a stock-photo mark or a platform bug (e.g. a streaming service's corner logo); the film's own title treatment is not a logo",
  },
] as const satisfies readonly ContentCodeDescription[];

/** Judged only from text legible in the picture. */
export const VISIBLE_TEXT_CODES = [
  { code: "PROFANITY", description: "swear words, slurs or other obscene words" },
  {
    code: "URL_OR_CONTACT",
    description: "a web address, social media handle, e-mail address or phone number",
  },
  {
    code: "PRICE_OR_PROMO",
    description: 'a price, discount or promotional call to action such as "free", "buy now" or "rent today"',
  },
  {
    code: "COMPETITOR_BRAND",
    description: "the name or logo of a streaming service, TV network or store selling the title",
  },
  {
    code: "AVAILABILITY_DATE",
    description:
      'a release or availability date such as "in cinemas Friday", "streaming 12 May" or "coming soon"',
  },
] as const satisfies readonly ContentCodeDescription[];

export type ContentCode =
  | (typeof PICTURE_CODES)[number]["code"]
  | (typeof VISIBLE_TEXT_CODES)[number]["code"];

/** Every code a vision model may report; anything else in its answer is an error. */
export const CONTENT_CODES = [...PICTURE_CODES, ...VISIBLE_TEXT_CODES].map((c) => c.code) as [
  ContentCode,
  ...ContentCode[],
];
