/**
 * Promotional wording (PRICE_OR_PROMO). Matched as whole words, so `rental`, `parent`
 * and `current` never read as `rent`. Bare `free`, `rent` and `sale` do raise, also in
 * titles such as "Free Guy" or "Rent": a platform lists such a title in `allowedTerms`
 * (the job's known title belongs there).
 */
export const PROMO_TERMS: readonly string[] = [
  "free",
  "buy now",
  "buy it now",
  "subscribe",
  "subscribe now",
  "limited time",
  "limited time offer",
  "rent",
  "rent now",
  "rent or buy",
  "sale",
  "on sale",
  "discount",
  "order now",
  "pre-order",
  "special offer",
  "promo code",
  "half price",
  "half off",
];
