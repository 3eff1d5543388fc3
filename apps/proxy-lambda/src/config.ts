import { IsIn, IsNotEmpty, IsOptional, IsString, Matches, ValidateIf } from 'class-validator';
import { resolve } from 'node:path';
import {
  LOGGING_SOURCES,
  lower,
  languageModelOf,
  OPENAI_SOURCES,
  readSettings,
  Setting,
  type LanguageModelChoice,
  type LogLevel,
} from '@instalake/composition';

/** The proxy Lambda's configuration, read from the environment once. */
export class ProxyLambdaConfig {
  /**
   * `bedrock` in AWS (InvokeAgent); `local` runs the offline agent on a local lake file (replays, tests);
   * `openai-compatible` puts a model behind OPENAI_BASE_URL on the same local tools, the offline agent as fallback.
   */
  @IsIn(['bedrock', 'local', 'openai-compatible'], { message: 'AGENT must be bedrock, local or openai-compatible' })
  agent: 'bedrock' | 'local' | 'openai-compatible' = 'bedrock';
  @Setting.openAiBaseUrl() openaiBaseUrl?: string;
  @Setting.openAiModel() openaiModel?: string;
  /** Never logged. */
  @IsOptional() @IsString() openaiApiKey?: string;
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
  @Setting.wholeNumber('AGENT_TIMEOUT_MS', 1000, 900_000) agentTimeoutMs = 28_000;
  /** Local data root (AGENT=local): lake.duckdb as the CLI lays it out. */
  @IsString() @IsNotEmpty() home = resolve('.instalake');
  @Setting.memoryLimit() memoryLimit = '512MB';
  @Setting.logLevel() logLevel: LogLevel = 'INFO';
  @Setting.serviceName() serviceName = 'instalake-proxy';

  /** The model server when AGENT=openai-compatible; one request must fit AGENT_TIMEOUT_MS. */
  get languageModel(): LanguageModelChoice | undefined {
    return languageModelOf(this, this.agentTimeoutMs);
  }

  get lakeFile(): string {
    return resolve(this.home, 'lake.duckdb');
  }
}

export function loadProxyLambdaConfig(env: NodeJS.ProcessEnv = process.env): ProxyLambdaConfig {
  return readSettings(
    ProxyLambdaConfig,
    env,
    {
      agent: lower('AGENT'),
      agentId: 'AGENT_ID',
      agentAliasId: 'AGENT_ALIAS_ID',
      bedrockEndpoint: 'BEDROCK_ENDPOINT',
      ...OPENAI_SOURCES,
      agentTimeoutMs: 'AGENT_TIMEOUT_MS',
      home: (e) => e.INSTALAKE_HOME && resolve(e.INSTALAKE_HOME),
      memoryLimit: 'DUCKDB_MEMORY_LIMIT',
      ...LOGGING_SOURCES,
    },
    'proxy Lambda',
  );
}
