import { describeValue, ValidationError, type ValidationIssue } from '@agenticflow/core';
import { checkAgentId } from '../agent-id.js';
import { checkMessengerAndStore } from './check-outgoing-message.js';
import type { RunAuctionOptions } from './run-auction.js';

/** Throws `VALIDATION_FAILED` listing every problem of `runAuction` options. */
export function assertRunAuctionOptions(options: RunAuctionOptions): void {
  const issues: ValidationIssue[] = [];
  checkMessengerAndStore(options, issues);
  checkAgentId(options?.auctioneer, ['auctioneer'], issues);
  if (!Array.isArray(options?.bidders) || options.bidders.length === 0) {
    issues.push({
      path: ['bidders'],
      message: `must be a non-empty array of agent ids, got ${describeValue(options?.bidders)}`,
    });
  } else {
    for (const [index, bidder] of options.bidders.entries()) {
      checkAgentId(bidder, ['bidders', index], issues);
    }
  }
  if (options?.task === undefined)
    issues.push({
      path: ['task'],
      message: 'is missing: give the JSON description of what is auctioned',
    });
  for (const name of ['biddingMs', 'awardTimeoutMs'] as const) {
    const value = options?.[name];
    if (value === undefined && name === 'awardTimeoutMs') continue;
    if (!(Number.isSafeInteger(value) && (value as number) >= 1))
      issues.push({
        path: [name],
        message: `${describeValue(value)} must be a whole number of milliseconds above 0, such as 2000`,
      });
  }
  const award = options?.award;
  if (
    typeof award?.rank !== 'function' ||
    typeof award.price !== 'function' ||
    typeof award.name !== 'string'
  )
    issues.push({
      path: ['award'],
      message: 'must be an AwardStrategy such as lowestCost(), bestScore() or secondPrice()',
    });
  if (issues.length > 0) throw new ValidationError('invalid runAuction options', issues);
}
