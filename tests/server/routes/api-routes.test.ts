import { describe, expect, it } from 'vitest';
import { API_ROUTES, routeParts, type RouteKey } from '../../../src/common/api-routes';
import { useTestLab } from '../helpers';

describe('the renderer route map (common/api-routes.ts)', () => {
  const h = useTestLab();

  it('names only routes the app origin serves, with their method', async () => {
    const doc = (await h.call('GET', '/api/docs/json')).body as { paths: Record<string, Record<string, object>> };
    for (const route of Object.keys(API_ROUTES) as RouteKey[]) {
      const { method, template } = routeParts(route);
      // OpenAPI writes a path parameter as {name}, Fastify as :name.
      const path = template.replace(/:(\w+)/g, '{$1}');
      expect(doc.paths[path]?.[method.toLowerCase()], route).toBeDefined();
    }
  });

  it('splits a key into its method and path template', () => {
    expect(routeParts('DELETE /api/session/sessions/:id')).toEqual({
      method: 'DELETE',
      template: '/api/session/sessions/:id',
    });
  });
});
