import type { RetrievalFilter } from '@aws-sdk/client-bedrock-agent-runtime';
import type { RetrievalFilters } from '@instalake/knowledge';

/**
 * Our filters as a Bedrock RetrievalFilter on the typed sidecar attributes: `equals` on the STRING
 * attributes city/creator, `greaterThanOrEquals` on the NUMBER attribute likes. `andAll` needs two or more
 * members, so a single condition is sent bare.
 */
export function retrievalFilterFor(filters: RetrievalFilters): RetrievalFilter | undefined {
  const conditions: RetrievalFilter[] = [];
  if (filters.city) conditions.push({ equals: { key: 'city', value: filters.city } });
  if (filters.creator) conditions.push({ equals: { key: 'creator', value: filters.creator } });
  if (filters.minLikes !== undefined)
    conditions.push({ greaterThanOrEquals: { key: 'likes', value: filters.minLikes } });
  if (conditions.length === 0) return undefined;
  return conditions.length === 1 ? conditions[0] : { andAll: conditions };
}
