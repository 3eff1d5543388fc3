import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { ConfigError } from '@instalake/errors';
import type { LanguageModelChoice } from '../agent';

type Env = Readonly<Record<string, string | undefined>>;

/** Where a setting comes from: an environment variable, or a function of the environment (normalising it). */
export type SettingSource = string | ((env: Env) => string | undefined);

/**
 * Reads an app's settings from the environment once: each field from its variable (blank counts as unset, so the
 * class default applies), then class-validator checks every rule. All problems are reported in one ConfigError
 * naming the variables; values are never echoed (some are secrets).
 */
export function readSettings<T extends object>(
  settingsClass: new () => T,
  env: Env,
  sources: Partial<Record<keyof T, SettingSource>>,
  what: string,
  preset: Record<string, unknown> = {},
): T {
  const raw: Record<string, unknown> = { ...preset };
  for (const [field, source] of Object.entries(sources) as [string, SettingSource][]) {
    const value = typeof source === 'string' ? env[source] : source(env);
    if (value !== undefined && value !== '') raw[field] = value;
  }
  const settings = plainToInstance(settingsClass, raw);
  const errors = validateSync(settings, { stopAtFirstError: true });
  if (errors.length > 0) throw new ConfigError(`Invalid ${what} configuration: ${messages(errors).join('; ')}`);
  return settings;
}

function messages(errors: readonly ValidationError[]): string[] {
  return errors.flatMap((e) => [...Object.values(e.constraints ?? {}), ...messages(e.children ?? [])]);
}

/** `INFO`-style values are compared upper-case, `local`-style ones lower-case. */
export const upper = (variable: string) => (env: Env) => env[variable]?.toUpperCase();
export const lower = (variable: string) => (env: Env) => env[variable]?.toLowerCase();

/** Where every Lambda reads its logging settings: LOG_LEVEL and Powertools' service name. */
export const LOGGING_SOURCES = { logLevel: upper('LOG_LEVEL'), serviceName: 'POWERTOOLS_SERVICE_NAME' } as const;

/** Where an app with AGENT=openai-compatible reads its model server (the key is never printed). */
export const OPENAI_SOURCES = {
  openaiBaseUrl: 'OPENAI_BASE_URL',
  openaiModel: 'OPENAI_MODEL',
  openaiApiKey: 'OPENAI_API_KEY',
} as const;

export interface OpenAiSettings {
  readonly agent: string;
  readonly openaiBaseUrl?: string;
  readonly openaiModel?: string;
  readonly openaiApiKey?: string;
}

/** The model server an app's validated settings name when AGENT=openai-compatible, else undefined. */
export function languageModelOf(settings: OpenAiSettings, timeoutMs: number): LanguageModelChoice | undefined {
  if (settings.agent !== 'openai-compatible' || !settings.openaiBaseUrl || !settings.openaiModel) return undefined;
  // Local servers (Ollama, llama.cpp) accept any key, but the client refuses to start without one.
  const apiKey = settings.openaiApiKey ?? 'not-needed';
  return { baseURL: settings.openaiBaseUrl, model: settings.openaiModel, apiKey, timeoutMs };
}
