export interface ConditionalValidators {
  etag?: string;
  lastModified?: string;
}

export type FetchOutcome =
  | { notModified: true; finalUrl: string }
  | {
      notModified: false;
      finalUrl: string;
      body: Buffer;
      contentType?: string;
      etag?: string;
      lastModified?: string;
    };

/**
 * Downloads a poster with limits (bytes, time, redirects, address ranges).
 * Throws PosterRejectedError with a machine-readable code.
 */
export interface PosterFetcher {
  fetch(url: string, validators?: ConditionalValidators): Promise<FetchOutcome>;
}
