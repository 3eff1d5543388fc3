import { join } from 'node:path';
import { INFRA_ROOT, loadEnvironmentConfig, REPO_ROOT } from './config';

describe('loadEnvironmentConfig', () => {
  it('reads dev and prod from config files with the defaults the issue asks for', () => {
    const dev = loadEnvironmentConfig({ env: 'dev' }, {});
    expect(dev).toMatchObject({
      envName: 'dev',
      namePrefix: 'instalake-dev',
      retainData: false,
      offline: false,
      duckdbExtensionsDir: null,
      sourceRoot: REPO_ROOT,
    });
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
    expect(loadEnvironmentConfig({ sourceRoot: 'infra/test-fixtures' }, {}).sourceRoot).toBe(
      join(INFRA_ROOT, 'test-fixtures'),
    );
  });

  it('takes pinned DuckDB extensions from -c duckdbExtensionsDir or INSTALAKE_DUCKDB_EXTENSIONS_DIR, as an existing directory', () => {
    expect(loadEnvironmentConfig({ duckdbExtensionsDir: 'infra/test-fixtures' }, {}).duckdbExtensionsDir).toBe(
      join(INFRA_ROOT, 'test-fixtures'),
    );
    expect(
      loadEnvironmentConfig({}, { INSTALAKE_DUCKDB_EXTENSIONS_DIR: join(INFRA_ROOT, 'config') }).duckdbExtensionsDir,
    ).toBe(join(INFRA_ROOT, 'config'));
    expect(() => loadEnvironmentConfig({}, { INSTALAKE_DUCKDB_EXTENSIONS_DIR: '/no/such/extensions' })).toThrow(
      /duckdbExtensionsDir.*\/no\/such\/extensions is not a directory; point INSTALAKE_DUCKDB_EXTENSIONS_DIR/,
    );
    expect(() => loadEnvironmentConfig({ duckdbExtensionsDir: 'infra/config/dev.json' }, {})).toThrow(
      /is not a directory/,
    );
  });

  it('rejects unknown environments and unusable settings with the file to fix', () => {
    expect(() => loadEnvironmentConfig({ env: 'staging' }, {})).toThrow(
      /no .*config\/staging\.json; create it from config\/dev\.json/,
    );
    expect(() => loadEnvironmentConfig({ apiAuth: 'cognito' }, {})).toThrow(/cognitoUserPoolArn is not set/);
    expect(() => loadEnvironmentConfig({ apiAuth: 'open' }, {})).toThrow(/api.auth "open"/);
    expect(() => loadEnvironmentConfig({ scraperBuckets: 'Bad_Bucket' }, {})).toThrow(/not a bucket name/);
    expect(() => loadEnvironmentConfig({ account: '12' }, {})).toThrow(/12-digit/);
  });
});
