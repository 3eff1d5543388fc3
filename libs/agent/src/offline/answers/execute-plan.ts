import type { Plan } from '@instalake/semantic';
import { compareAccountsAnswer, peersAnswer } from './accounts-compare-answer';
import { aggregateAnswer } from './aggregate-answer';
import type { AnswerContext, PlanAnswer } from './answer-context';
import { comparePeriodsAnswer } from './compare-periods-answer';
import { driversAnswer } from './drivers-answer';
import { profileAnswer } from './profile-answer';
import { rankAccountsAnswer } from './rank-accounts-answer';
import { shareAnswer } from './share-answer';
import { similarAnswer } from './similar-answer';
import { topPostsAnswer } from './top-posts-answer';
import { trendAnswer } from './trend-answer';

/** Runs a plan through the tools and writes the answer: one answer writer per operation of the algebra. */
export function executePlan(ctx: AnswerContext, plan: Plan): Promise<PlanAnswer> {
  switch (plan.op) {
    case 'top-posts':
      return topPostsAnswer(ctx, plan);
    case 'rank-accounts':
      return rankAccountsAnswer(ctx, plan);
    case 'aggregate':
      return aggregateAnswer(ctx, plan);
    case 'share':
      return shareAnswer(ctx, plan);
    case 'compare-periods':
      return comparePeriodsAnswer(ctx, plan);
    case 'compare-accounts':
      return compareAccountsAnswer(ctx, plan);
    case 'peers':
      return peersAnswer(ctx, plan);
    case 'trend':
      return trendAnswer(ctx, plan);
    case 'profile':
      return profileAnswer(ctx, plan);
    case 'similar':
      return similarAnswer(ctx, plan);
    case 'drivers':
      return driversAnswer(ctx, plan);
  }
}
