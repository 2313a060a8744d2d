import { z } from "zod";

/** A whole number within bounds, read from a string (environment, YAML, CDK context). */
export const wholeNumber = (min: number, max: number) =>
  z.coerce
    .number({ message: "must be a number" })
    .int({ message: "must be a whole number" })
    .min(min, { message: `must be at least ${min}` })
    .max(max, { message: `must be at most ${max}` });
