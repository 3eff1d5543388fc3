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
    expect(() => loadProxyLambdaConfig({ AGENT: 'openai' })).toThrow(/AGENT must be bedrock or local/);
    expect(() => loadProxyLambdaConfig({ AGENT: 'local', AGENT_TIMEOUT_MS: 'soon' })).toThrow(/AGENT_TIMEOUT_MS/);
  });
});
