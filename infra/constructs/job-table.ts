import { RemovalPolicy } from "aws-cdk-lib";
import {
  type Attribute,
  AttributeType,
  BillingMode,
  ProjectionType,
  Table,
  TableEncryption,
} from "aws-cdk-lib/aws-dynamodb";
import { Construct } from "constructs";
import {
  BILLING_MODE,
  GLOBAL_SECONDARY_INDEXES,
  type KeyDesign,
  PARTITION_KEY,
  TIME_TO_LIVE_ATTRIBUTE,
} from "../../src/adapters/aws/dynamo-table-design.js";

export interface JobTableProps {
  /** A physical name; CloudFormation generates one when unset. */
  tableName?: string;
}

const ATTRIBUTE_TYPES: Record<KeyDesign["type"], AttributeType> = {
  S: AttributeType.STRING,
  N: AttributeType.NUMBER,
};

const BILLING_MODES: Record<typeof BILLING_MODE, BillingMode> = {
  PAY_PER_REQUEST: BillingMode.PAY_PER_REQUEST,
};

const PROJECTION_TYPES: Record<string, ProjectionType> = {
  ALL: ProjectionType.ALL,
  KEYS_ONLY: ProjectionType.KEYS_ONLY,
  INCLUDE: ProjectionType.INCLUDE,
};

function attribute(key: KeyDesign): Attribute {
  return { name: key.name, type: ATTRIBUTE_TYPES[key.type] };
}

/**
 * The job table exactly as the shared table design describes it (keys, every GSI, billing),
 * plus what only a deployed table has: point-in-time recovery, KMS encryption under the AWS
 * managed key, deletion protection, and RETAIN so deleting the stack never deletes verdicts.
 */
export class JobTable extends Construct {
  readonly table: Table;

  constructor(scope: Construct, id: string, props: JobTableProps = {}) {
    super(scope, id);
    this.table = new Table(this, "Jobs", {
      tableName: props.tableName,
      partitionKey: attribute(PARTITION_KEY),
      billingMode: BILLING_MODES[BILLING_MODE],
      timeToLiveAttribute: TIME_TO_LIVE_ATTRIBUTE,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryption.AWS_MANAGED,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of GLOBAL_SECONDARY_INDEXES) {
      const projectionType = PROJECTION_TYPES[index.projection.type];
      if (!projectionType) throw new Error(`${index.indexName}: unknown projection ${index.projection.type}`);
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: attribute(index.partitionKey),
        sortKey: attribute(index.sortKey),
        projectionType,
        nonKeyAttributes:
          index.projection.type === "INCLUDE" ? [...index.projection.nonKeyAttributes] : undefined,
      });
    }
  }
}
