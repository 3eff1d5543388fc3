// Test fixture only: stands in for apps/proxy-lambda/src/main.ts so infra tests synthesize fast.
export const FIXTURE_MARKER = 'instalake-proxy-fixture-handler';

export async function handler(event: unknown): Promise<{ marker: string; received: boolean }> {
  return { marker: FIXTURE_MARKER, received: event !== undefined };
}
