import { loadProxyLambdaConfig } from './config';

describe('loadProxyLambdaConfig', () => {
  it('requires agent ids for AGENT=bedrock and names the variable', () => {
    expect(() => loadProxyLambdaConfig({})).toThrow(/AGENT_ID/);
    expect(() => loadProxyLambdaConfig({ AGENT_ID: 'ABCDEFGHIJ', AGENT_ALIAS_ID: 'bad' })).toThrow(/AGENT_ALIAS_ID/);
    expect(loadProxyLambdaConfig({ AGENT_ID: 'ABCDEFGHIJ', AGENT_ALIAS_ID: 'TSTALIASID' })).toMatchObject({
      agent: 'bedrock',
      agentTimeoutMs: 28_000,
    });
  });

  it('accepts AGENT=local without ids and rejects unknown agents', () => {
    expect(loadProxyLambdaConfig({ AGENT: 'LOCAL' }).agent).toBe('local');
    expect(() => loadProxyLambdaConfig({ AGENT: 'openai' })).toThrow(
      /AGENT must be bedrock, local or openai-compatible/,
    );
    expect(() => loadProxyLambdaConfig({ AGENT: 'local', AGENT_TIMEOUT_MS: 'soon' })).toThrow(/AGENT_TIMEOUT_MS/);
  });

  it('AGENT=openai-compatible needs OPENAI_BASE_URL and OPENAI_MODEL; its turn shares AGENT_TIMEOUT_MS', () => {
    expect(() => loadProxyLambdaConfig({ AGENT: 'openai-compatible' })).toThrow(/OPENAI_BASE_URL.*OPENAI_MODEL/);
    const config = loadProxyLambdaConfig({
      AGENT: 'openai-compatible',
      OPENAI_BASE_URL: 'https://api.openai.com/v1',
      OPENAI_MODEL: 'gpt-4o-mini',
      OPENAI_API_KEY: 'sk-test',
    });
    expect(config.languageModel).toEqual({
      baseURL: 'https://api.openai.com/v1',
      model: 'gpt-4o-mini',
      apiKey: 'sk-test',
      timeoutMs: 28_000,
    });
  });
});
