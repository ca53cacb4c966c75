import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { SlotQueue } from './slot-queue';

const options = { concurrency: 1, maxWaiting: 2, retryAfterSeconds: 7, what: 'The test model' };

describe('SlotQueue', () => {
  it('runs one at a time in arrival order', async () => {
    const queue = new SlotQueue(options);
    const order: string[] = [];
    const a = queue.admit();
    const b = queue.admit();
    const c = queue.admit();
    void b.ready.then(() => order.push('b'));
    void c.ready.then(() => order.push('c'));
    await a.ready;
    order.push('a');
    await Promise.resolve();
    expect(order).toEqual(['a']);
    a.release();
    await b.ready;
    b.release();
    b.release(); // releasing twice frees one slot, not two
    await c.ready;
    expect(order).toEqual(['a', 'b', 'c']);
    expect(queue.size).toBe(1);
    c.release();
    expect(queue.size).toBe(0);
  });

  it('refuses beyond the bound with a 503 and Retry-After', () => {
    const queue = new SlotQueue(options);
    queue.admit();
    queue.admit();
    queue.admit();
    let error: unknown;
    try {
      queue.admit();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'model_busy', status: 503, headers: { 'Retry-After': '7' } });
  });

  it('lets an aborted waiter leave the line', async () => {
    const queue = new SlotQueue(options);
    const first = queue.admit();
    const controller = new AbortController();
    const quitter = queue.admit(controller.signal);
    const patient = queue.admit();
    controller.abort(new Error('client went away'));
    await expect(quitter.ready).rejects.toThrow('client went away');
    expect(queue.size).toBe(2);
    first.release();
    await patient.ready;
    expect(queue.size).toBe(1);
  });
});
