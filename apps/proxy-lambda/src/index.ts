export * from './config';
export * from './api-gateway-event';
export * from './composition';
export * from './proxy-handler';
