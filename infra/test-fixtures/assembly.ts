import { join } from 'node:path';

export type Resource = {
  Type: string;
  Properties: {
    Code?: { S3Key?: string };
    Content?: { S3Key: string };
    Layers?: unknown[];
    Environment?: { Variables?: Record<string, unknown> };
  };
};
export type TemplateJson = { Resources: Record<string, Resource> };

/** The staged asset directory in cdk.out behind an S3Key (`<hash>.zip`). */
export const assetDir = (outdir: string, s3Key: string) => join(outdir, `asset.${s3Key.replace(/\.zip$/, '')}`);

/** The DuckDB layer's staged directory (the stack has exactly one layer). */
export function layerAsset(outdir: string, template: TemplateJson): string {
  const layers = Object.values(template.Resources).filter((r) => r.Type === 'AWS::Lambda::LayerVersion');
  if (layers.length !== 1) throw new Error(`expected one Lambda layer, found ${layers.length}`);
  return assetDir(outdir, layers[0].Properties.Content!.S3Key);
}

/** Each handler's bundle directory in cdk.out, and whether its function uses the DuckDB layer. */
export function functionAssets(
  outdir: string,
  template: TemplateJson,
): Record<string, { dir: string; layered: boolean }> {
  const apps: Record<string, { dir: string; layered: boolean }> = {};
  for (const [id, r] of Object.entries(template.Resources)) {
    const app = /^(Ingest|TableDdl|Tool|Proxy)Function/.exec(id)?.[1];
    if (r.Type === 'AWS::Lambda::Function' && app)
      apps[app] = { dir: assetDir(outdir, r.Properties.Code!.S3Key!), layered: (r.Properties.Layers ?? []).length > 0 };
  }
  const names = Object.keys(apps).sort().join(',');
  if (names !== 'Ingest,Proxy,TableDdl,Tool')
    throw new Error(`expected the Ingest, Proxy, TableDdl and Tool functions, found ${names}`);
  return apps;
}
