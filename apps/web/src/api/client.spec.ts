import { ApiProblem, createApiClient, onSessionEnded, setCsrfToken, unwrap } from './client';

/** The generated client's session handling and error shape, against a fake fetch (no server). */
describe('web API client', () => {
  const seen: Request[] = [];
  const answer = (status: number, body?: unknown) => async (req: Request) => {
    seen.push(req);
    return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  };
  afterEach(() => {
    seen.length = 0;
    setCsrfToken(null);
    onSessionEnded(null);
  });

  it('sends the CSRF token on changes only, with the session cookie (same-origin credentials)', async () => {
    setCsrfToken('token-123');
    const api = createApiClient('http://api.test', answer(200, { password: true, oidc: false }));
    expect(await unwrap(api.GET('/api/auth/options'))).toEqual({ password: true, oidc: false });
    await api.POST('/api/admin/services', { body: { code: 'DIET', name: 'Dietetics' } });
    expect(seen.map((r) => [r.method, r.url, r.headers.get('x-csrf-token'), r.credentials])).toEqual([
      ['GET', 'http://api.test/api/auth/options', null, 'same-origin'],
      ['POST', 'http://api.test/api/admin/services', 'token-123', 'same-origin'],
    ]);
  });

  it('fills path parameters from the typed params', async () => {
    const api = createApiClient('http://api.test', answer(200, {}));
    await api.GET('/api/sops/{id}/diff/{otherId}', { params: { path: { id: 'a', otherId: 'b' } } });
    expect(seen[0].url).toBe('http://api.test/api/sops/a/diff/b');
  });

  it('throws an ApiProblem carrying the status, the message and each field issue', async () => {
    const api = createApiClient('http://api.test', answer(400, {
      statusCode: 400, error: 'Bad Request', message: 'code must be a service code such as SLT; name must not be blank',
      issues: [{ field: 'code', message: 'code must be a service code such as SLT' }, { field: 'name', message: 'name must not be blank' }],
    }));
    const err = await unwrap(api.POST('/api/admin/services', { body: { code: 'x', name: ' ' } })).catch((e) => e);
    expect(err).toBeInstanceOf(ApiProblem);
    expect(err.status).toBe(400);
    expect(err.message).toMatch(/^code must be/);
    expect(err.issuesFor('name')).toEqual(['name must not be blank']);
  });

  it('makes a Problem of an error without a body', async () => {
    const api = createApiClient('http://api.test', async () => new Response(null, { status: 503, statusText: 'Service Unavailable' }));
    const err: ApiProblem = await unwrap(api.GET('/api/health')).catch((e) => e);
    expect([err.status, err.issues, err.problem.error]).toEqual([503, [], 'Service Unavailable']);
  });

  it('reports a 401 as an ended session, except from the sign-in and session probes', async () => {
    const ended = jest.fn();
    onSessionEnded(ended);
    const api = createApiClient('http://api.test', answer(401, { statusCode: 401, error: 'Unauthorized', message: 'Not signed in' }));
    await api.GET('/api/auth/session');
    await api.POST('/api/auth/sign-in', { body: { email: 'a@b.c', password: 'x' } });
    expect(ended).not.toHaveBeenCalled();
    await api.GET('/api/me');
    expect(ended).toHaveBeenCalledTimes(1);
  });
});
