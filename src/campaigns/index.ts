// The public surface of campaigns (docs/architecture.md): other folders import only what is here.
export { holdoutBucketSql } from './campaign.repository';
export { DEFAULT_GOAL, DEFAULT_HOLDOUT_PERCENT, GOAL_KINDS } from './campaign.types';
export type { CampaignVariant, GoalKind } from './campaign.types';
export { CampaignGoalDto, CampaignVariantDto } from './dto/campaign.dto';
export { variantFor } from './variant-split';
export { CampaignsModule, CampaignsWorkerModule } from './campaigns.module';
