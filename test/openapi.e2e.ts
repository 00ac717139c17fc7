import { readFileSync } from 'node:fs';
import { startStack, type Stack } from './support/stack';

/**
 * The document the running API serves is the one the web client was generated from: the offline
 * build (Nest preview mode, used by `npm run api:generate`) and production agree.
 */
describe('OpenAPI document served by the API', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ withWorker: false });
  });
  afterAll(async () => stack?.close());

  it('GET /api/docs-json is public and equals the committed apps/web/src/api/openapi.json', async () => {
    const res = await fetch(`${stack.baseUrl}/docs-json`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(JSON.parse(readFileSync('apps/web/src/api/openapi.json', 'utf8')));
  });

  it('GET /api/docs serves the Swagger UI', async () => {
    const res = await fetch(`${stack.baseUrl}/docs`);
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/swagger/i);
  });
});
