import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import { generateRestaurants, postsCsvChunks, restaurantsCsv, SampleDataOptions } from './generate';

export interface SampleFiles {
  readonly postsFile: string;
  readonly restaurantsFile: string;
  readonly posts: number;
  readonly restaurants: number;
}

/** Writes post_results_sample.csv and instagram_restaurant_results_sample.csv into a folder. */
export async function writeSampleData(directory: string, options: SampleDataOptions): Promise<SampleFiles> {
  if (!Number.isInteger(options.posts) || options.posts < 100 || options.posts > 5_000_000) {
    throw new RangeError(`posts must be an integer from 100 to 5,000,000 (got ${options.posts})`);
  }
  await mkdir(directory, { recursive: true });
  const restaurants = generateRestaurants(Math.max(20, Math.min(20_000, Math.round(options.posts / 25))), options.seed);
  const restaurantsFile = join(directory, 'instagram_restaurant_results_sample.csv');
  await writeFile(restaurantsFile, restaurantsCsv(restaurants, options.seed));
  const postsFile = join(directory, 'post_results_sample.csv');
  const out = createWriteStream(postsFile);
  for (const chunk of postsCsvChunks(options, restaurants)) {
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return { postsFile, restaurantsFile, posts: options.posts, restaurants: restaurants.length };
}
