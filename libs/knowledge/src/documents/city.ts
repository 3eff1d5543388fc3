export { canonicalCity } from '@instalake/lake-schema';
