import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';

describe('pipeline Worker fetch', () => {
  it('answers health checks', async () => {
    const response = await exports.default.fetch('https://pipeline.example/health');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', worker: 'pipeline' });
  });

  it('answers unknown routes with problem+json', async () => {
    const response = await exports.default.fetch('https://pipeline.example/nope');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toMatchObject({ code: 'not_found', status: 404 });
  });
});
