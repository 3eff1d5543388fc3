export * from './config';
export * from './api-gateway-event';
export * from './proxy-handler';
