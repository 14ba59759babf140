import { main } from 'gort';
import {
  closeAll,
  listeners,
  onTraffic,
  request,
} from 'gomesh';
import { startPayments, startShop } from './shop.ts';

// ---- Given: a few customers try the shop. Your code is in
// shop.ts. ----

const tries = [
  { user: 'u1', sku: 'gopher-plush', qty: 2 },
  { user: 'u2', sku: 'go-mug', qty: 1 },
  { user: 'u3', sku: 'tee', qty: 1 },
  { user: 'u9', sku: 'tee', qty: 1 },
  { user: 'u1', sku: 'hat', qty: 1 },
  { user: 'u2', sku: 'go-mug', qty: 9 },
];

main(async () => {
  // Who called whom over the mesh (the mesh's own records).
  const calls = new Map<string, number>();
  const stop = onTraffic((e) => {
    if (e.kind !== 'request') return;
    const edge = `${e.from ?? 'client'} -> ${e.to}`;
    calls.set(edge, (calls.get(edge) ?? 0) + 1);
  });

  const payments = await startPayments();
  const front = await startShop(payments.url);
  const names = listeners().map((l) => l.name);
  console.log(`listening: ${names.join(', ')}`);

  for (const o of tries) {
    const res = await request(`${front}/orders`, {
      method: 'POST',
      json: o,
    });
    const body = (await res.text()).trim();
    console.log(
      `${o.user} orders ${o.qty} ${o.sku}: ${res.status} ${body}`,
    );
  }
  console.log(
    `payments charged ${payments.charges.length} times`,
  );

  console.log('calls over the mesh:');
  for (const [edge, n] of [...calls].sort()) {
    console.log(`  ${edge.padEnd(22)} ${n}`);
  }
  stop();
  await closeAll();
});
