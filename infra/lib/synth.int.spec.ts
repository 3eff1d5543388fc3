import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildStack, FIXTURE_ROOT } from '../test-fixtures/build-stack';
import { entryOf } from './app-function';
import { INFRA_ROOT, REPO_ROOT } from './config';

/** The real app entries once the apps exist; the fixtures until then (said in the test output). */
function sourceContext(): string[] {
  const real = (['ingest-lambda', 'tool-lambda', 'proxy-lambda'] as const).every((app) => existsSync(entryOf(REPO_ROOT, app)));
  const openapi = existsSync(join(REPO_ROOT, 'apps', 'tool-lambda', 'src', 'openapi.ts'));
  const context: string[] = [];
  if (!real) context.push('-c', `sourceRoot=${FIXTURE_ROOT}`);
  if (!real || !openapi) context.push('-c', `openApiSchemaFile=${join(FIXTURE_ROOT, 'openapi.json')}`);
  return context;
}

describe('bundling and cdk synth (offline)', () => {
  let out: string;
  beforeEach(() => (out = mkdtempSync(join(tmpdir(), 'instalake-synth-'))));
  afterEach(() => rmSync(out, { recursive: true, force: true }));

  it('really bundles a handler with local esbuild (arm64, no Docker) into the function asset', () => {
    const { app, stack } = buildStack({}, { bundle: true, outdir: out });
    const assembly = app.synth();
    const template = assembly.getStackArtifact(stack.artifactId).template as { Resources: Record<string, { Type: string; Properties: { Code?: { S3Key?: string } } }> };
    const [, ingest] = Object.entries(template.Resources).find(([id, r]) => r.Type === 'AWS::Lambda::Function' && id.startsWith('IngestFunction'))!;
    const hash = ingest.Properties.Code!.S3Key!.replace(/\.zip$/, '');
    const bundle = readFileSync(join(out, `asset.${hash}`, 'index.js'), 'utf8');
    expect(bundle).toContain('instalake-ingest-fixture-handler');
    expect(bundle).toMatch(/handler/);
    const [, layer] = Object.entries(template.Resources).find(([, r]) => r.Type === 'AWS::Lambda::LayerVersion')!;
    const layerHash = (layer.Properties as { Content: { S3Key: string } }).Content.S3Key.replace(/\.zip$/, '');
    expect(readFileSync(join(out, `asset.${layerHash}`, 'PLACEHOLDER.txt'), 'utf8')).toMatch(/not bundled/);
  });

  it.each(['dev', 'prod'])('cdk synth -c env=%s works offline and passes cdk-nag', (env) => {
    const result = spawnSync(
      process.execPath,
      [join(REPO_ROOT, 'node_modules', 'aws-cdk', 'bin', 'cdk'), 'synth', '--no-notices', '-c', `env=${env}`, '-c', 'account=123456789012', ...sourceContext(), '-o', out, '-q'],
      { cwd: INFRA_ROOT, encoding: 'utf8', env: { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true', INSTALAKE_OFFLINE: '1' }, timeout: 110_000 },
    );
    expect({ status: result.status, stderr: result.status === 0 ? '' : result.stderr }).toEqual({ status: 0, stderr: '' });
    expect(result.stderr).toMatch(/Offline: skipped bundling @duckdb\/node-bindings-linux-arm64/);
    const template = JSON.parse(readFileSync(join(out, `Instalake-${env}.template.json`), 'utf8'));
    expect(Object.values(template.Resources as Record<string, { Type: string }>).some((r) => r.Type === 'AWS::Bedrock::Agent')).toBe(true);
  });
});
