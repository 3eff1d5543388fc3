import { httpV2Event, httpV2EventWithoutBody, restEvent } from './fixtures/events';
import { toApiRequest } from './api-gateway-event';

describe('toApiRequest', () => {
  it('reads a REST (v1) proxy event, keeping the CRLF body as sent', () => {
    const event = restEvent('POST', '/api/query');
    const request = toApiRequest({ ...event, body: '{\r\n\t"a": 1\r\n}' });
    expect(request).toMatchObject({ method: 'POST', path: '/api/query', body: '{\r\n\t"a": 1\r\n}' });
    expect(request.headers!['content-type']).toBe('application/json');
  });

  it('reads an HTTP API (v2) event and strips a named stage from rawPath', () => {
    const event = httpV2Event('POST', '/prod/api/query', { sessionId: 's1', query: 'q' });
    event.requestContext.stage = 'prod';
    expect(toApiRequest(event)).toMatchObject({
      method: 'POST',
      path: '/api/query',
      body: '{"sessionId":"s1","query":"q"}',
    });
    expect(toApiRequest(httpV2Event('GET', '/api/health'))).toMatchObject({ method: 'GET', path: '/api/health' });
  });

  it('decodes base64 bodies and copes with a missing body key', () => {
    const encoded = httpV2Event('POST', '/api/query', undefined, {
      body: Buffer.from('{"x":"é"}').toString('base64'),
      isBase64Encoded: true,
    });
    expect(toApiRequest(encoded).body).toBe('{"x":"é"}');
    expect(toApiRequest(httpV2EventWithoutBody('/api/query')).body).toBeUndefined();
  });
});
