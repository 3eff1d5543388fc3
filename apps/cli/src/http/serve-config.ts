import { plainToInstance } from 'class-transformer';
import { IsOptional, IsString, MinLength, validateSync } from 'class-validator';

/** Settings of `instalake serve` that come from the environment (kept beside the server; the env is passed in). */
export class ServeConfig {
  /** INSTALAKE_API_TOKEN: when set, POST /api/query needs `Authorization: Bearer <token>`. */
  @IsOptional() @IsString() @MinLength(16, { message: 'INSTALAKE_API_TOKEN must be at least 16 characters' })
  apiToken?: string;
}

export function loadServeConfig(env: Readonly<Record<string, string | undefined>>): ServeConfig {
  const config = plainToInstance(ServeConfig, env.INSTALAKE_API_TOKEN ? { apiToken: env.INSTALAKE_API_TOKEN } : {});
  const errors = validateSync(config);
  if (errors.length) throw Object.assign(new Error(errors.flatMap((e) => Object.values(e.constraints ?? {})).join('; ')), { code: 'INVALID_CONFIG' });
  return config;
}
