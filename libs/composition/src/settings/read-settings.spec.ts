import { IsNotEmpty, IsOptional, IsString } from 'class-validator';
import { ConfigError } from '@instalake/errors';
import { languageModelOf, lower, OPENAI_SOURCES, readSettings, upper } from './read-settings';
import { Setting } from './setting-rules';

class SampleSettings {
  @IsString() @IsNotEmpty() name = 'default-name';
  @Setting.memoryLimit() memoryLimit = '512MB';
  @Setting.wholeNumber('SAMPLE_THREADS', 1, 8, true) threads?: number;
  @Setting.wholeNumber('SAMPLE_LIMIT', 10, 100) limit = 50;
  @Setting.prefix('SAMPLE_PREFIX') prefix = 'uploads/';
  @Setting.logLevel() logLevel = 'INFO';
  @Setting.flag() @IsOptional() pathStyle?: boolean;
  @IsOptional() @IsString() @IsNotEmpty() secret?: string;
}

class ModelSettings {
  @IsString() agent = 'local';
  @Setting.openAiBaseUrl() openaiBaseUrl?: string;
  @Setting.openAiModel() openaiModel?: string;
  @IsOptional() @IsString() openaiApiKey?: string;
}

const read = (env: Record<string, string>) =>
  readSettings(
    SampleSettings,
    env,
    {
      name: lower('SAMPLE_NAME'),
      memoryLimit: 'DUCKDB_MEMORY_LIMIT',
      threads: 'SAMPLE_THREADS',
      limit: 'SAMPLE_LIMIT',
      prefix: 'SAMPLE_PREFIX',
      logLevel: upper('LOG_LEVEL'),
      pathStyle: 'SAMPLE_PATH_STYLE',
      secret: 'SAMPLE_SECRET',
    },
    'sample',
  );

describe('readSettings', () => {
  it('keeps the class defaults for unset and blank variables', () => {
    const settings = read({ SAMPLE_NAME: '', SAMPLE_LIMIT: '' });
    expect(settings).toBeInstanceOf(SampleSettings);
    expect(settings).toMatchObject({ name: 'default-name', memoryLimit: '512MB', limit: 50, prefix: 'uploads/' });
    expect(settings.threads).toBeUndefined();
  });

  it('reads, normalises and converts each variable', () => {
    expect(
      read({
        SAMPLE_NAME: 'MixedCase',
        SAMPLE_THREADS: '4',
        SAMPLE_LIMIT: '20',
        LOG_LEVEL: 'debug',
        SAMPLE_PATH_STYLE: 'YES',
        DUCKDB_MEMORY_LIMIT: '1GB',
      }),
    ).toMatchObject({
      name: 'mixedcase',
      threads: 4,
      limit: 20,
      logLevel: 'DEBUG',
      pathStyle: true,
      memoryLimit: '1GB',
    });
    expect(read({ SAMPLE_PATH_STYLE: 'off' }).pathStyle).toBe(false);
  });

  it('reports every invalid variable in one ConfigError, one reason each, and never echoes a value', () => {
    const load = () =>
      read({
        SAMPLE_THREADS: 'two',
        SAMPLE_LIMIT: '500',
        SAMPLE_PREFIX: '/abs/',
        LOG_LEVEL: 'loud',
        DUCKDB_MEMORY_LIMIT: 'plenty',
        SAMPLE_SECRET: '',
      });
    expect(load).toThrow(ConfigError);
    let message = '';
    try {
      load();
    } catch (error) {
      message = (error as ConfigError).message;
    }
    expect(message).toBe(
      'Invalid sample configuration: DUCKDB_MEMORY_LIMIT must look like 512MB or 1GB; SAMPLE_THREADS must be a whole ' +
        'number; SAMPLE_LIMIT must be at most 100; SAMPLE_PREFIX must end with "/" and not start with one; ' +
        'LOG_LEVEL must be DEBUG, INFO, WARN, ERROR or SILENT',
    );
    expect(message).not.toMatch(/plenty|loud|two/);
  });

  it('checks the OPENAI_* variables only for AGENT=openai-compatible, and builds the model choice from them', () => {
    const readModel = (env: Record<string, string>) =>
      readSettings(ModelSettings, env, { agent: lower('AGENT'), ...OPENAI_SOURCES }, 'sample');
    expect(languageModelOf(readModel({ OPENAI_BASE_URL: 'not a url' }), 5000)).toBeUndefined();
    expect(() => readModel({ AGENT: 'openai-compatible', OPENAI_API_KEY: 'sk-secret-value' })).toThrow(
      'Invalid sample configuration: OPENAI_BASE_URL must be an http(s) URL when AGENT=openai-compatible; ' +
        'OPENAI_MODEL is required when AGENT=openai-compatible',
    );
    const settings = readModel({
      AGENT: 'OpenAI-Compatible',
      OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1',
      OPENAI_MODEL: 'qwen2.5',
    });
    expect(languageModelOf(settings, 5000)).toEqual({
      baseURL: 'http://127.0.0.1:11434/v1',
      model: 'qwen2.5',
      apiKey: 'not-needed',
      timeoutMs: 5000,
    });
  });
});
