import { ApiError } from './http';
import { isAccepted, waitUntilClosed } from './task-completion';

/** A clock the test moves: each sleep advances it, so the bound is reached without waiting. */
function fakeTime() {
  let t = 0;
  return { sleep: async (ms: number) => { t += ms; }, now: () => t };
}
const opts = { intervalMs: 1000, maxMs: 5000 };

describe('a completion the workflow accepted (202)', () => {
  it('tells a 202 body from a finished task', () => {
    expect(isAccepted({ accepted: true, taskId: 'a', message: 'm', location: '/api/tasks/a' })).toBe(true);
    expect(isAccepted({ id: 'a', status: 'completed' } as never)).toBe(false);
  });

  it('reads the task until it is closed, then answers its status', async () => {
    const answers = ['open', 'open', 'completed'];
    const clock = fakeTime();
    await expect(waitUntilClosed(async () => answers.shift()!, opts, clock.sleep, clock.now)).resolves.toBe('completed');
    expect(answers).toEqual([]);
  });

  it('keeps reading through a network failure or a 5xx', async () => {
    const answers: (string | Error)[] = [new ApiError(0, 'offline'), new ApiError(503, 'down'), 'completed'];
    const clock = fakeTime();
    const read = async () => { const a = answers.shift()!; if (a instanceof Error) throw a; return a; };
    await expect(waitUntilClosed(read, opts, clock.sleep, clock.now)).resolves.toBe('completed');
  });

  it('stops at a refusal (the task is gone or no longer visible)', async () => {
    const clock = fakeTime();
    await expect(waitUntilClosed(async () => { throw new ApiError(404, 'Task x not found'); }, opts, clock.sleep, clock.now)).rejects.toThrow('not found');
  });

  it('gives up after the bound, saying the submission was received and must not be sent again', async () => {
    const clock = fakeTime();
    let reads = 0;
    await expect(waitUntilClosed(async () => { reads++; return 'open'; }, opts, clock.sleep, clock.now))
      .rejects.toThrow(/received.*still processing it after 5 seconds.*Do not submit it again/);
    expect(reads).toBe(5);
  });
});
