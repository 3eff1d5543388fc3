import { loadProxyLambdaConfig } from './config';
import { createProxyHandler } from './proxy-handler';

/** Lambda entry point (bundled by esbuild): API Gateway POST /api/query and GET /api/health -> the agent. */
const proxyLambda = createProxyHandler(() => loadProxyLambdaConfig());

export const handler = proxyLambda.handler;
export const dispose = proxyLambda.dispose;
