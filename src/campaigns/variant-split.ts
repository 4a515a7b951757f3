import { createHash } from 'crypto';
import { CampaignVariant } from './campaign.types';

/**
 * The variant a client gets in a step: weighted, random across clients, fixed per client, campaign
 * and step (a retry or a report recomputes the same answer).
 */
export function variantFor(campaignId: string, stepKey: string, clientId: string, variants: readonly CampaignVariant[]): CampaignVariant {
  if (variants.length === 1) return variants[0];
  const total = variants.reduce((s, v) => s + v.weight, 0);
  const h = createHash('md5').update(`${campaignId}:${stepKey}:${clientId}`).digest().readUInt32BE(0) % total;
  let acc = 0;
  for (const v of variants) {
    acc += v.weight;
    if (h < acc) return v;
  }
  return variants[variants.length - 1];
}
