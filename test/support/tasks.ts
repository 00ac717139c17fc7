import { eventually, type httpClient, type HttpResult } from './http';

/** Waits for the projection to show an open task at `nodePath` (and service), as `as` sees it. */
export function waitForOpenTask(http: ReturnType<typeof httpClient>, requestId: string, as: string, nodePath: string, serviceCode?: string) {
  return eventually(async () => {
    const res = await http.get(`/tasks?requestId=${requestId}`, as);
    return (res.body.items as any[]).find((t) => t.nodePath === nodePath && t.status === 'open' && (!serviceCode || t.serviceCode === serviceCode));
  }, { what: `open task ${nodePath} ${serviceCode ?? ''}` });
}

/** Waits until the request reaches `status` and returns its detail. */
export function waitForStatus(http: ReturnType<typeof httpClient>, requestId: string, as: string, status: string) {
  return eventually(async () => {
    const r = await http.get(`/requests/${requestId}`, as);
    return r.body.status === status ? r.body : undefined;
  }, { what: `request ${status}` });
}

/** Every page of a task list (`query` without limit or cursor), as one array. */
export async function allTasks(http: ReturnType<typeof httpClient>, query: string, as: string): Promise<any[]> {
  const out: any[] = [];
  let cursor: string | null = null;
  do {
    const res: HttpResult = await http.get(`/tasks?${query ? `${query}&` : ''}limit=200${cursor ? `&cursor=${cursor}` : ''}`, as);
    if (res.status !== 200) throw new Error(`GET /tasks?${query}: ${res.status} ${JSON.stringify(res.body)}`);
    out.push(...res.body.items);
    cursor = res.body.nextCursor;
  } while (cursor);
  return out;
}
