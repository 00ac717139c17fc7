import { eventually, type httpClient } from './http';

/** Waits for the projection to show an open task at `nodePath` (and service), as `as` sees it. */
export function waitForOpenTask(http: ReturnType<typeof httpClient>, requestId: string, as: string, nodePath: string, serviceCode?: string) {
  return eventually(async () => {
    const res = await http.get(`/tasks?requestId=${requestId}`, as);
    return (res.body as any[]).find((t) => t.nodePath === nodePath && t.status === 'open' && (!serviceCode || t.serviceCode === serviceCode));
  }, { what: `open task ${nodePath} ${serviceCode ?? ''}` });
}

/** Waits until the request reaches `status` and returns its detail. */
export function waitForStatus(http: ReturnType<typeof httpClient>, requestId: string, as: string, status: string) {
  return eventually(async () => {
    const r = await http.get(`/requests/${requestId}`, as);
    return r.body.status === status ? r.body : undefined;
  }, { what: `request ${status}` });
}
