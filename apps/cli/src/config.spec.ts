import { resolve } from 'node:path';
import { ConfigError } from '@instalake/errors';
import { loadCliConfig } from './config';

describe('loadCliConfig', () => {
  it('reads every setting from the environment, with defaults', () => {
    const config = loadCliConfig({
      INSTALAKE_HOME: '/tmp/h',
      DUCKDB_THREADS: '3',
      DUCKDB_MEMORY_LIMIT: '1GB',
      INSTALAKE_API_TOKEN: 'a'.repeat(16),
    });
    expect(config).toMatchObject({
      home: resolve('/tmp/h'),
      threads: 3,
      memoryLimit: '1GB',
      rawBucket: 'instalake-raw',
      apiToken: 'a'.repeat(16),
    });
    expect(config.lakeFile).toBe(resolve('/tmp/h', 'lake.duckdb'));
    expect(loadCliConfig({}).apiToken).toBeUndefined();
    expect(loadCliConfig({}).lockWaitMs).toBe(60_000);
    expect(loadCliConfig({ INSTALAKE_LOCK_WAIT_MS: '0' }).lockWaitMs).toBe(0);
    expect(() => loadCliConfig({ INSTALAKE_LOCK_WAIT_MS: 'soon' })).toThrow(/INSTALAKE_LOCK_WAIT_MS/);
  });

  it('refuses a bearer token too short to be a secret, naming the variable and never echoing the value', () => {
    const load = () => loadCliConfig({ INSTALAKE_API_TOKEN: 'hunter2' });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/INSTALAKE_API_TOKEN must be at least 16 characters/);
    expect(load).not.toThrow(/hunter2/);
  });

  it('names each invalid setting', () => {
    expect(() => loadCliConfig({ DUCKDB_MEMORY_LIMIT: 'lots', INSTALAKE_RAW_BUCKET: 'Bad_Bucket' })).toThrow(
      /INSTALAKE_RAW_BUCKET must be a valid S3 bucket name.*DUCKDB_MEMORY_LIMIT must look like 512MB/,
    );
  });

  it('AGENT=openai-compatible needs a base URL and a model; the key is optional and never echoed', () => {
    expect(loadCliConfig({}).languageModel).toBeUndefined();
    const config = loadCliConfig({
      AGENT: 'openai-compatible',
      OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1',
      OPENAI_MODEL: 'llama3.1',
    });
    expect(config.languageModel).toEqual({
      baseURL: 'http://127.0.0.1:11434/v1',
      model: 'llama3.1',
      apiKey: 'not-needed',
      timeoutMs: 60_000,
    });
    expect(() => loadCliConfig({ AGENT: 'openai-compatible', OPENAI_API_KEY: 'sk-secret-value' })).toThrow(
      /OPENAI_BASE_URL must be an http\(s\) URL when AGENT=openai-compatible.*OPENAI_MODEL is required/,
    );
    expect(() => loadCliConfig({ AGENT: 'openai-compatible', OPENAI_API_KEY: 'sk-secret-value' })).not.toThrow(
      /sk-secret-value/,
    );
    expect(() => loadCliConfig({ AGENT: 'gpt' })).toThrow(/AGENT must be local or openai-compatible/);
  });
});
