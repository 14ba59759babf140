/**
 * The in-memory network's own rules: socket-like addressing (localhost = 127.0.0.1, wildcard
 * listeners), ports freed on close, copies at the boundary, delivery never synchronous.
 */
import { describe, expect, it } from 'vitest';
import { MeshResponse, UpstreamConnectError, get, memoryTransport, request, serve, text } from 'gomesh';

describe('memory transport', () => {
  it('routes localhost and any host to a wildcard listener, like a socket bound to all interfaces', async () => {
    const transport = memoryTransport();
    const s = await serve('all', () => text(200, 'hi'), { host: '', port: 8080, transport });
    expect(s.url).toBe('http://127.0.0.1:8080');
    expect(await (await get('http://localhost:8080/', { transport })).text()).toBe('hi');
    expect(await (await get('http://10.1.2.3:8080/', { transport })).text()).toBe('hi');
    await s.close();
    await expect(get('http://127.0.0.1:8080/', { transport })).rejects.toThrow(UpstreamConnectError);
    const again = await serve('again', () => text(200, 'back'), { port: 8080, transport });
    expect(await (await get('http://127.0.0.1:8080/', { transport })).text()).toBe('back');
    await again.close();
  });

  it('copies bodies at the boundary so neither side can change the other side’s bytes', async () => {
    const transport = memoryTransport();
    const shared = new TextEncoder().encode('original');
    const s = await serve(
      'mutator',
      (req) => {
        req.body[0] = 88;
        return new MeshResponse(200, shared);
      },
      { transport },
    );
    const sent = new TextEncoder().encode('payload');
    const res = await request(`${s.url}/`, { method: 'POST', body: sent, transport });
    expect(new TextDecoder().decode(sent)).toBe('payload');
    res.body[0] = 88;
    expect(new TextDecoder().decode(shared)).toBe('original');
    await s.close();
  });

  it('delivers a request after the caller’s synchronous code has run', async () => {
    const transport = memoryTransport();
    const order: string[] = [];
    const s = await serve('order', () => (order.push('handler'), text(200, '')), { transport });
    const p = get(`${s.url}/`, { transport });
    order.push('caller');
    await p;
    expect(order).toEqual(['caller', 'handler']);
    await s.close();
  });
});
