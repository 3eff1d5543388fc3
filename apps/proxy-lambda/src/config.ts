import 'reflect-metadata';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  ValidateIf,
  validateSync,
} from 'class-validator';
import { resolve } from 'node:path';

const optionalNumber = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : Number(value);

/** The proxy Lambda's configuration, read from the environment once (nothing else reads process.env). */
export class ProxyLambdaConfig {
  /** `bedrock` in AWS (InvokeAgent); `local` runs the offline agent on a local lake file (replays, tests). */
  @IsIn(['bedrock', 'local'], { message: 'AGENT must be bedrock or local' }) agent: 'bedrock' | 'local' = 'bedrock';
  @ValidateIf((c: ProxyLambdaConfig) => c.agent === 'bedrock')
  @Matches(/^[0-9a-zA-Z]{10}$/, { message: 'AGENT_ID must be the 10-character Bedrock agent id' })
  agentId?: string;
  @ValidateIf((c: ProxyLambdaConfig) => c.agent === 'bedrock')
  @Matches(/^(\w{10}|TSTALIASID)$/, { message: 'AGENT_ALIAS_ID must be the 10-character alias id (or TSTALIASID)' })
  agentAliasId?: string;
  /** A Bedrock runtime endpoint override (tests, VPC endpoints); unset in AWS. */
  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'BEDROCK_ENDPOINT must be an http(s) URL' })
  bedrockEndpoint?: string;
  /** Time limit of one agent turn; below API Gateway's 29 s integration limit. */
  @Transform(optionalNumber)
  @IsInt({ message: 'AGENT_TIMEOUT_MS must be a whole number' })
  @Min(1000)
  @Max(900_000)
  agentTimeoutMs = 28_000;
  /** Local data root (AGENT=local): lake.duckdb as the CLI lays it out. */
  @IsString() @IsNotEmpty() home = resolve('.instalake');
  @Matches(/^\d+(\.\d+)?\s*(KB|MB|GB|KiB|MiB|GiB)$/i, { message: 'DUCKDB_MEMORY_LIMIT must look like 512MB or 1GB' })
  memoryLimit = '512MB';
  @IsIn(['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT'], {
    message: 'LOG_LEVEL must be DEBUG, INFO, WARN, ERROR or SILENT',
  })
  logLevel: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT' = 'INFO';

  get lakeFile(): string {
    return resolve(this.home, 'lake.duckdb');
  }
}

export class ConfigError extends Error {
  readonly code = 'INVALID_CONFIG';
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export function loadProxyLambdaConfig(env: NodeJS.ProcessEnv = process.env): ProxyLambdaConfig {
  const raw: Record<string, unknown> = {};
  const set = (key: keyof ProxyLambdaConfig, value: string | undefined) => {
    if (value !== undefined && value !== '') raw[key] = value;
  };
  set('agent', env.AGENT?.toLowerCase());
  set('agentId', env.AGENT_ID);
  set('agentAliasId', env.AGENT_ALIAS_ID);
  set('bedrockEndpoint', env.BEDROCK_ENDPOINT);
  set('agentTimeoutMs', env.AGENT_TIMEOUT_MS);
  set('home', env.INSTALAKE_HOME && resolve(env.INSTALAKE_HOME));
  set('memoryLimit', env.DUCKDB_MEMORY_LIMIT);
  set('logLevel', env.LOG_LEVEL?.toUpperCase());
  const config = plainToInstance(ProxyLambdaConfig, raw);
  const errors = validateSync(config);
  if (errors.length > 0) {
    throw new ConfigError(
      `Invalid proxy Lambda configuration: ${errors.flatMap((e) => Object.values(e.constraints ?? {})).join('; ')}`,
    );
  }
  return config;
}
