import { join } from 'node:path';
import { INFRA_ROOT, loadEnvironmentConfig, REPO_ROOT } from './config';

describe('loadEnvironmentConfig', () => {
  it('reads dev and prod from config files with the defaults the issue asks for', () => {
    const dev = loadEnvironmentConfig({ env: 'dev' }, {});
    expect(dev).toMatchObject({ envName: 'dev', namePrefix: 'instalake-dev', retainData: false, offline: false, sourceRoot: REPO_ROOT });
    expect(dev.agent.foundationModelId).toBe('anthropic.claude-3-sonnet-20240229-v1:0');
    expect(dev.api.auth).toBe('apiKey');
    const prod = loadEnvironmentConfig({ env: 'prod' }, {});
    expect(prod).toMatchObject({ envName: 'prod', retainData: true });
  });

  it('is offline in CI or when asked, and takes the account from the CDK environment', () => {
    expect(loadEnvironmentConfig({}, { CI: 'true' }).offline).toBe(true);
    expect(loadEnvironmentConfig({}, { INSTALAKE_OFFLINE: '0' }).offline).toBe(false);
    expect(loadEnvironmentConfig({ offline: 'true' }, {}).offline).toBe(true);
    expect(loadEnvironmentConfig({}, { CDK_DEFAULT_ACCOUNT: '210987654321' }).account).toBe('210987654321');
    expect(loadEnvironmentConfig({ sourceRoot: 'infra/test-fixtures' }, {}).sourceRoot).toBe(join(INFRA_ROOT, 'test-fixtures'));
  });

  it('rejects unknown environments and unusable settings with the file to fix', () => {
    expect(() => loadEnvironmentConfig({ env: 'staging' }, {})).toThrow(/no .*config\/staging\.json; create it from config\/dev\.json/);
    expect(() => loadEnvironmentConfig({ apiAuth: 'cognito' }, {})).toThrow(/cognitoUserPoolArn is not set/);
    expect(() => loadEnvironmentConfig({ apiAuth: 'open' }, {})).toThrow(/api.auth "open"/);
    expect(() => loadEnvironmentConfig({ scraperBuckets: 'Bad_Bucket' }, {})).toThrow(/not a bucket name/);
    expect(() => loadEnvironmentConfig({ account: '12' }, {})).toThrow(/12-digit/);
  });
});
