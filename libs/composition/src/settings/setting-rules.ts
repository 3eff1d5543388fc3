import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, Min, ValidateIf } from 'class-validator';

export const LOG_LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const all =
  (...decorators: PropertyDecorator[]): PropertyDecorator =>
  (target, key) => {
    for (const decorate of decorators) decorate(target, key);
  };

/** `LOG_LEVEL`: DEBUG, INFO, WARN, ERROR or SILENT. */
const logLevel = (variable = 'LOG_LEVEL') =>
  IsIn([...LOG_LEVELS], { message: `${variable} must be DEBUG, INFO, WARN, ERROR or SILENT` });

/** POWERTOOLS_SERVICE_NAME: the `service` of every log line (the stack names each function). */
const serviceName = () => all(IsString(), IsNotEmpty({ message: 'POWERTOOLS_SERVICE_NAME must not be empty' }));

/** A DuckDB memory_limit such as 512MB or 1GB. */
const memoryLimit = (variable = 'DUCKDB_MEMORY_LIMIT') =>
  Matches(/^\d+(\.\d+)?\s*(KB|MB|GB|KiB|MiB|GiB)$/i, { message: `${variable} must look like 512MB or 1GB` });

/** A key prefix such as `uploads/`: ends with a slash, does not start with one. */
const prefix = (variable: string) =>
  Matches(/^[^/].*\/$/, { message: `${variable} must end with "/" and not start with one` });

/** A whole number in a range, read from its variable's text; `optional` lets it stay unset. */
const wholeNumber = (variable: string, min: number, max: number, optional = false) =>
  all(
    ...(optional ? [IsOptional()] : []),
    Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value))),
    IsInt({ message: `${variable} must be a whole number` }),
    Min(min, { message: `${variable} must be at least ${min}` }),
    Max(max, { message: `${variable} must be at most ${max}` }),
  );

/** `1`, `true` or `yes` (any case) is true; anything else set is false. */
const flag = () => Transform(({ value }) => (value === undefined ? undefined : /^(1|true|yes)$/i.test(String(value))));

/** Checked only when the app's `agent` setting is `openai-compatible`. */
const whenOpenAiCompatible = () => ValidateIf((settings: { agent?: string }) => settings.agent === 'openai-compatible');

/** OPENAI_BASE_URL: any Chat Completions server (https://api.openai.com/v1, http://127.0.0.1:11434/v1 for Ollama). */
const openAiBaseUrl = () =>
  all(
    whenOpenAiCompatible(),
    Matches(/^https?:\/\/\S+$/, { message: 'OPENAI_BASE_URL must be an http(s) URL when AGENT=openai-compatible' }),
  );

/** OPENAI_MODEL: the model name the server knows (gpt-4o-mini, llama3.1, qwen2.5, ...). */
const openAiModel = () =>
  all(
    whenOpenAiCompatible(),
    IsString({ message: 'OPENAI_MODEL is required when AGENT=openai-compatible' }),
    IsNotEmpty({ message: 'OPENAI_MODEL is required when AGENT=openai-compatible' }),
  );

/** The rules app settings share, each naming its variable in the message: `@Setting.memoryLimit() memoryLimit = ...`. */
export const Setting = { logLevel, serviceName, memoryLimit, prefix, wholeNumber, flag, openAiBaseUrl, openAiModel };
