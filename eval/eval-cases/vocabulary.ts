import type { ViolationCode } from "../../src/domain/violation.js";
import type { Font } from "./canvas.js";

/** Titles that raise nothing by themselves. */
export const TITLES = [
  "THE LAST HARBOR",
  "SILVER CREEK",
  "The Quiet Orchard",
  "MIDNIGHT LANE",
  "DARK WATERS",
  "Northern Lights",
  "IRON VALLEY",
  "The Glass Garden",
  "RED HORIZON",
  "Paper Kingdoms",
  "STONE RIVER",
  "The Long Winter",
  "HOLLOW PINES",
  "Ember Road",
  "WILD COAST",
  "The Salt House",
] as const;

/** Taglines a poster may carry: no promotion, date, brand, credit, quote, award or format in them. */
export const TAGLINES = [
  "Every secret has a price",
  "Some doors should stay closed",
  "THE TIDE ALWAYS RETURNS",
  "Nothing stays buried forever",
  "ONE NIGHT. ONE CHANCE.",
  "Home is where the fear is",
  "TRUST NO ONE",
  "The journey begins",
  "HOPE IS A DANGEROUS THING",
  "Based on a true story",
  "Family is forever",
  "WHAT WOULD YOU SACRIFICE?",
] as const;

export const YEARS = ["2024", "1987", "2019", "2031", "1999"] as const;

/** Lines that raise exactly one text code each (under every preset). */
export const TEXT_VIOLATIONS: Record<
  "URL_OR_CONTACT" | "PRICE_OR_PROMO" | "COMPETITOR_BRAND" | "AVAILABILITY_DATE" | "PROFANITY",
  readonly string[]
> = {
  URL_OR_CONTACT: [
    "WWW.HARBORFILM.COM",
    "silvercreekmovie.com",
    "Visit ironvalley.net",
    "FOLLOW @DARKWATERSFILM",
    "info@emberroad.org",
    "CALL 1-800-555-0199",
    "https://redhorizon.tv",
    "www.wildcoast.co.uk",
    "TICKETS AT STONERIVER.COM",
    "@saltHouseMovie",
  ],
  PRICE_OR_PROMO: [
    "ONLY $9.99",
    "50% OFF",
    "FREE TRIAL",
    "RENT OR BUY TODAY",
    "SUBSCRIBE NOW",
    "LIMITED TIME OFFER",
    "HALF PRICE TICKETS",
    "JUST £4.99",
    "SPECIAL OFFER",
    "BUY NOW",
  ],
  COMPETITOR_BRAND: [
    "ONLY ON NETFLIX",
    "A HULU ORIGINAL",
    "WATCH IT ON DISNEY+",
    "HBO MAX",
    "PEACOCK ORIGINAL",
    "A NETFLIX FILM",
    "ALSO ON YOUTUBE",
    "CRUNCHYROLL",
    "Only on Hulu",
    "STARZ ORIGINAL",
  ],
  AVAILABILITY_DATE: [
    "COMING SOON",
    "IN THEATERS JUNE 14",
    "NOW STREAMING",
    "DECEMBER 25",
    "STREAMING FRIDAY",
    "THIS SUMMER",
    "OUT NOW",
    "AVAILABLE NOW",
    "12.24.2025",
    "Only in cinemas",
  ],
  PROFANITY: [
    "KICK ASS",
    "WHAT A JACKASS",
    "INGLORIOUS BASTARDS",
    "PISSED OFF",
    "UTTER BOLLOCKS",
    "DON'T BE A DUMBASS",
    "LITTLE BASTARD",
    "SMART ASS",
    "PISSED",
    "BOLLOCKS TO IT",
  ],
};

/** Big lines of plain words: enough of them cover well over a quarter of a poster. */
export const SYNOPSIS_LINES = [
  "THE SEA",
  "KEEPS ALL",
  "ITS OLD",
  "SECRETS",
  "LISTEN TO",
  "THE WAVES",
  "AND HOLD",
  "YOUR BREATH",
  "UNTIL DAWN",
] as const;

/** Lines that raise exactly one platform-spec wording code each. */
export const SPEC_VIOLATIONS: Record<
  "CREDITS_BLOCK" | "CRITIC_QUOTE" | "AWARD_REFERENCE" | "FORMAT_CALLOUT",
  readonly (readonly string[])[]
> = {
  CREDITS_BLOCK: [
    ["DIRECTED BY ANNA KORR"],
    ["WRITTEN AND DIRECTED BY JAMES HOLT"],
    ["A FILM BY MARA LENS"],
    ["MUSIC BY ELI STONE", "PRODUCED BY TOM REED"],
    [
      "NORTHSTAR PICTURES PRESENTS A HOLLOW PINES PRODUCTION IN ASSOCIATION WITH GREY OWL FILMS",
      "STARRING LENA MARSH OWEN PRICE CLARA VOSS MUSIC BY ELI STONE EDITED BY RUTH KANE",
      "EXECUTIVE PRODUCERS SAM OKAFOR JUNE PARK PRODUCED BY TOM REED DIRECTED BY ANNA KORR",
    ],
    ["Screenplay by Nora Field"],
    ["EXECUTIVE PRODUCER JUNE PARK"],
    ["BASED ON THE NOVEL BY IDA CROSS"],
  ],
  // Straight and typographic quotes and dashes, as posters set both.
  CRITIC_QUOTE: [
    ['"A MASTERPIECE" - VARIETY'],
    ["“STUNNING” THE GUARDIAN"],
    ['"Brilliant and gripping"'],
    ["CERTIFIED FRESH"],
    ["CRITICALLY ACCLAIMED"],
    ["“THE BEST FILM OF THE YEAR”", "— EMPIRE"],
    ['"An unforgettable triumph"', "- Rolling Stone"],
    ["“BREATHTAKING” — TIME OUT"],
  ],
  AWARD_REFERENCE: [
    ["OFFICIAL SELECTION", "CANNES FILM FESTIVAL"],
    ["WINNER BEST PICTURE"],
    ["ACADEMY AWARD WINNER"],
    ["SUNDANCE FILM FESTIVAL"],
    ["GOLDEN GLOBE NOMINEE"],
    ["WINNER OF 3 BAFTAS"],
    ["Audience Award SXSW"],
    ["NOMINATED FOR BEST ACTRESS"],
  ],
  FORMAT_CALLOUT: [
    ["NOW ON DVD AND BLU-RAY"],
    ["IN IMAX"],
    ["OWN IT ON DIGITAL"],
    ["4K ULTRA HD"],
    ["EXPERIENCE IT IN 3D"],
    ["DOLBY ATMOS"],
    ["SPECIAL EDITION"],
    ["DOWNLOAD NOW"],
  ],
};

export const FONTS: readonly Font[] = [
  { family: "DejaVu Sans", weight: "bold" },
  { family: "DejaVu Serif", weight: "normal" },
  { family: "DejaVu Sans", weight: "normal" },
  { family: "DejaVu Serif", weight: "bold" },
  { family: "DejaVu Sans Condensed", weight: "bold" },
  { family: "DejaVu Sans Mono", weight: "normal" },
  { family: "DejaVu Sans Mono", weight: "bold" },
];

/** Photos with detail enough to stay sharp as 2:3 posters (the 256 px ones get film grain). */
export const PHOTOS = [
  "aaa-orig.jpg",
  "bridge-1-original.jpg",
  "high-contrast.jpg",
  "high-saturation.jpg",
  "sharpen-a-little.jpg",
  "q0003.jpg",
  "q0004.jpg",
  "q0122.jpg",
  "q0291.jpg",
  "q0746.jpg",
  "q1050.jpg",
  "q2821.jpg",
  "square-512x512.jpg",
] as const;

export const FLAT_COLOURS = ["#1c2533", "#f2efe6", "#5a1020", "#0f3d3e", "#d9c7a1", "#26262b"] as const;

export const GRADIENTS = [
  { from: "#0b1a3a", to: "#b8432a" },
  { from: "#f7e9c6", to: "#7a9cc6" },
  { from: "#101010", to: "#3c5a3c" },
  { from: "#e8d5f0", to: "#f6f1e4" },
  { from: "#2b0f3a", to: "#0e6b73" },
] as const;

/** Vertical slots a line can take, as ranges of its top (fraction of the height). */
export const SLOTS = {
  top: [0.04, 0.12],
  upper: [0.24, 0.32],
  middle: [0.44, 0.52],
  lower: [0.62, 0.7],
  bottom: [0.8, 0.88],
} as const;
export type Slot = keyof typeof SLOTS;

export type TextCode = keyof typeof TEXT_VIOLATIONS | "EXCESSIVE_TEXT";
export type SpecWordingCode = keyof typeof SPEC_VIOLATIONS;
export const codeOf = (code: TextCode | SpecWordingCode): ViolationCode => code;
