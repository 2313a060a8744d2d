import { Duration, RemovalPolicy } from "aws-cdk-lib";
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type LifecycleRule,
  ObjectOwnership,
  StorageClass,
} from "aws-cdk-lib/aws-s3";
import { Construct } from "constructs";
import { BUCKET_DESIGN } from "../../src/adapters/aws/queue-and-bucket-design.js";

export interface PosterBucketProps {
  /** A physical name; CloudFormation generates one when unset. */
  bucketName?: string;
}

const ENCRYPTION: Record<typeof BUCKET_DESIGN.encryption, BucketEncryption> = {
  AES256: BucketEncryption.S3_MANAGED,
};

/** How long the access logs are kept: long enough to investigate an incident. */
const ACCESS_LOG_RETENTION_DAYS = 90;

function days(value: number | undefined): Duration | undefined {
  return value === undefined ? undefined : Duration.days(value);
}

/** The bucket design's lifecycle: the multipart sweep, and expiry or a transition only if it asks for them. */
function posterLifecycleRules(): LifecycleRule[] {
  const rules: LifecycleRule[] = [
    {
      id: "abort-incomplete-multipart-uploads",
      abortIncompleteMultipartUploadAfter: days(BUCKET_DESIGN.abortIncompleteMultipartUploadAfterDays),
    },
  ];
  const expiration = days(BUCKET_DESIGN.expireAfterDays);
  if (expiration) rules.push({ id: "expire-posters", expiration });
  const transitionAfter = days(BUCKET_DESIGN.transitionToInfrequentAccessAfterDays);
  if (transitionAfter) {
    rules.push({
      id: "posters-to-infrequent-access",
      transitions: [{ storageClass: StorageClass.INFREQUENT_ACCESS, transitionAfter }],
    });
  }
  return rules;
}

/** The private, encrypted poster bucket (settings from the shared bucket design) and its access-log bucket. */
export class PosterBucket extends Construct {
  readonly bucket: Bucket;
  readonly accessLogs: Bucket;

  constructor(scope: Construct, id: string, props: PosterBucketProps = {}) {
    super(scope, id);

    this.accessLogs = new Bucket(this, "AccessLogs", {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ id: "expire-access-logs", expiration: Duration.days(ACCESS_LOG_RETENTION_DAYS) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.bucket = new Bucket(this, "Posters", {
      bucketName: props.bucketName,
      blockPublicAccess: BUCKET_DESIGN.blockAllPublicAccess ? BlockPublicAccess.BLOCK_ALL : undefined,
      encryption: ENCRYPTION[BUCKET_DESIGN.encryption],
      enforceSSL: BUCKET_DESIGN.enforceSsl,
      versioned: BUCKET_DESIGN.versioned,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: posterLifecycleRules(),
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: "posters/",
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
