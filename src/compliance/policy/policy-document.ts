import { z } from "zod";
import { PLATFORM_PATTERN } from "../../domain/platform.js";
import { IMAGE_EXTENSIONS, type ImageFormat } from "../../domain/poster-key.js";
import { SEVERITIES, VIOLATION_CODES } from "../../domain/violation.js";

const slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, { message: "must be a slug: a-z, 0-9 and -" });
const fraction = z
  .number()
  .min(0, { message: "must be between 0 and 1" })
  .max(1, { message: "must be between 0 and 1" });
const positiveInt = z.number().int().positive();
const code = z.enum(VIOLATION_CODES, { message: "is not a known violation code" });

const rule = z
  .object({
    enabled: z.boolean().default(true),
    severity: z.enum(SEVERITIES, { message: `must be one of ${SEVERITIES.join(", ")}` }),
    minConfidence: fraction.default(0.5),
  })
  .strict();
const ruleOverride = z
  .object({
    enabled: z.boolean(),
    severity: z.enum(SEVERITIES, { message: `must be one of ${SEVERITIES.join(", ")}` }),
    minConfidence: fraction,
  })
  .partial()
  .strict();

const aspectRatio = z
  .string()
  .regex(/^\d+(\.\d+)?:\d+(\.\d+)?$/, { message: 'must look like "2:3"' })
  .transform((value) => {
    const [width, height] = value.split(":").map(Number);
    return { width: width ?? 0, height: height ?? 0 };
  });

const safeZone = z
  .object({ name: z.string().min(1), x: fraction, y: fraction, width: fraction, height: fraction })
  .strict()
  .refine((zone) => zone.x + zone.width <= 1.0001 && zone.y + zone.height <= 1.0001, {
    message: "must lie inside the image (x + width and y + height at most 1)",
  });

const formats = Object.keys(IMAGE_EXTENSIONS) as [ImageFormat, ...ImageFormat[]];

const artworkType = z
  .object({
    description: z.string().optional(),
    aspectRatios: z.array(aspectRatio).min(1),
    aspectRatioTolerance: fraction,
    minWidth: positiveInt,
    minHeight: positiveInt,
    maxWidth: positiveInt,
    maxHeight: positiveInt,
    maxBytes: positiveInt,
    formats: z.array(z.enum(formats, { message: `must be one of ${formats.join(", ")}` })).min(1),
    colorSpaces: z.array(z.string().min(1)).min(1),
    textAllowed: z.boolean(),
    titleRequired: z.boolean(),
    transparencyRequired: z.boolean().default(false),
    safeZones: z.array(safeZone).default([]),
  })
  .strict();

const bannedTerm = z.object({ term: z.string().min(1), code }).strict();

const text = z
  .object({
    ownBrands: z.array(z.string().min(1)).default([]),
    competitorBrands: z.array(z.string().min(1)).optional(),
    bannedTerms: z.array(bannedTerm).default([]),
    allowedTerms: z.array(z.string().min(1)).default([]),
    maxTextAreaFraction: fraction.default(0.25),
    /** Whether a hashtag may stand on the art; specs that ban social media say false. */
    hashtagsAllowed: z.boolean().default(true),
  })
  .strict();

const image = z
  .object({
    letterboxMinBandFraction: fraction.default(0.04),
    blurMinLaplacianVariance: z.number().nonnegative().default(200),
    blurMaxDetailRatio: z.number().nonnegative().default(0.25),
  })
  .strict();

const platform = z
  .object({
    displayName: z.string().min(1).optional(),
    /** Another policy file (a preset such as prime-video) this platform starts from. */
    preset: slug.optional(),
    ownBrands: z.array(z.string().min(1)).optional(),
    allowedTerms: z.array(z.string().min(1)).optional(),
    bannedTerms: z.array(bannedTerm).optional(),
    rules: z.partialRecord(code, ruleOverride).optional(),
    artworkTypes: z.record(slug, artworkType.partial().strict()).optional(),
    maxTextAreaFraction: fraction.optional(),
    hashtagsAllowed: z.boolean().optional(),
  })
  .strict();

export const policyDocumentSchema = z
  .object({
    id: slug,
    description: z.string().optional(),
    /** Where the numbers come from, for presets that follow a platform's published spec. */
    sources: z.array(z.string()).optional(),
    defaultArtworkType: slug.default("poster"),
    merge: z
      .object({ strategy: z.enum(["max", "agreement"]).default("max"), minDetectors: positiveInt.default(2) })
      .strict()
      .default({ strategy: "max", minDetectors: 2 }),
    rules: z.partialRecord(code, rule),
    text: text.default({
      ownBrands: [],
      bannedTerms: [],
      allowedTerms: [],
      maxTextAreaFraction: 0.25,
      hashtagsAllowed: true,
    }),
    image: image.default({
      letterboxMinBandFraction: 0.04,
      blurMinLaplacianVariance: 200,
      blurMaxDetailRatio: 0.25,
    }),
    artworkTypes: z.record(slug, artworkType).refine((types) => Object.keys(types).length > 0, {
      message: "must define at least one artwork type",
    }),
    platforms: z.record(z.string().regex(new RegExp(PLATFORM_PATTERN)), platform).default({}),
  })
  .strict()
  .refine((doc) => doc.artworkTypes[doc.defaultArtworkType] !== undefined, {
    message: "defaultArtworkType must be one of the artworkTypes",
    path: ["defaultArtworkType"],
  });

export type PolicyDocument = z.infer<typeof policyDocumentSchema>;
export type PlatformOverrides = NonNullable<PolicyDocument["platforms"][string]>;
