import { toolOpenApiDocument } from './openapi-document';
import { TOOL_OPERATIONS, TOOL_ROUTES } from './tool-operations';

type Obj = Record<string, unknown>;

describe('action-group OpenAPI document', () => {
  const doc = toolOpenApiDocument() as Obj;

  it('is an OpenAPI 3 document with the required structure', () => {
    expect(doc.openapi).toMatch(/^3\.0\.\d+$/);
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    const paths = doc.paths as Record<string, Record<string, Obj>>;
    for (const [path, item] of Object.entries(paths)) {
      expect(path.startsWith('/')).toBe(true);
      for (const [method, op] of Object.entries(item)) {
        expect(['get', 'put', 'post', 'delete', 'patch']).toContain(method);
        expect(op.operationId).toMatch(/^[A-Za-z0-9_]+$/);
        expect(typeof op.description).toBe('string');
        const responses = op.responses as Record<string, Obj>;
        expect(Object.keys(responses)).toContain('200');
        for (const [code, r] of Object.entries(responses)) {
          expect(code).toMatch(/^[1-5]\d\d$/);
          expect(typeof r.description).toBe('string');
        }
        const schema = ((op.requestBody as Obj).content as Record<string, Obj>)['application/json'].schema as Obj;
        expect(schema.type).toBe('object');
        const properties = schema.properties as Record<string, Obj>;
        for (const name of schema.required as string[]) expect(properties[name]).toBeDefined();
        for (const p of Object.values(properties)) expect(['string', 'integer', 'number', 'boolean']).toContain(p.type);
      }
    }
    const ids = Object.values(paths).flatMap((item) => Object.values(item).map((op) => op.operationId));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('documents exactly the routes the tool Lambda serves', () => {
    const documented = Object.entries(doc.paths as Record<string, Obj>).flatMap(([path, item]) =>
      Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(documented.sort()).toEqual([...TOOL_ROUTES].sort());
    expect(TOOL_ROUTES.sort()).toEqual(['POST /get_trends', 'POST /query_posts', 'POST /query_restaurants']);
  });

  it('puts the table schemas in the SQL tools descriptions', () => {
    const query = TOOL_OPERATIONS.find((o) => o.path === '/query_posts')!;
    for (const column of [
      'post_id',
      'posted_date DATE',
      'likes INTEGER',
      'followers_count BIGINT',
      'instagram_handle',
    ]) {
      expect(query.description).toContain(column);
    }
  });
});
