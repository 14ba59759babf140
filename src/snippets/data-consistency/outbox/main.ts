// outbox shows why "save the order, then
// publish its event" can lose the event, and how
// a transactional outbox does not: the event is
// saved in the same transaction as the order,
// and a relay publishes it at least once.
import { chan, main } from 'gort';
import type {
  RecvChan,
  SendChan,
} from 'gort';
import { Mutex } from 'gort/sync';

interface Event {
  id: number;
  order: string;
}

interface Row {
  event: Event;
  sent: boolean;
}

// db is the orders service's own database;
// holding mu is one transaction.
class DB {
  readonly mu = new Mutex();
  readonly orders: string[] = [];
  readonly outbox: Row[] = [];
}

// saveThenPublish writes twice, with nothing to
// make both happen: a crash between them loses
// the event.
async function saveThenPublish(
  d: DB,
  broker: SendChan<Event>,
  crash: boolean,
) {
  await d.mu.lock();
  d.orders.push('o-1');
  d.mu.unlock();
  console.log('orders: saved o-1');
  if (crash) {
    console.log(
      'orders: crashed before publishing',
    );
    return;
  }
  await broker.send({
    id: 1,
    order: 'o-1',
  });
}

// saveWithOutbox saves the order and its event
// in one transaction: both or neither.
async function saveWithOutbox(d: DB) {
  await d.mu.lock();
  try {
    d.orders.push('o-1');
    d.outbox.push({
      event: { id: 1, order: 'o-1' },
      sent: false,
    });
    console.log(
      'orders: saved o-1 and event 1 ' +
        'in one transaction',
    );
  } finally {
    d.mu.unlock();
  }
}

// relay publishes the events not yet marked
// sent, then marks each; crash stops it between
// the two.
async function relay(
  d: DB,
  broker: SendChan<Event>,
  crash: boolean,
) {
  await d.mu.lock();
  try {
    for (const r of d.outbox) {
      if (r.sent) continue;
      await broker.send(r.event);
      console.log(
        'relay: published event',
        r.event.id,
      );
      if (crash) {
        console.log(
          'relay: crashed before marking it sent',
        );
        return;
      }
      r.sent = true;
      console.log(
        'relay: marked event',
        r.event.id,
        'sent',
      );
    }
  } finally {
    d.mu.unlock();
  }
}

// inventory gets every event at least once, so
// it skips an event id it has handled: an
// idempotent consumer.
async function inventory(
  broker: RecvChan<Event>,
  seen: Set<number>,
) {
  for await (const e of broker) {
    if (seen.has(e.id)) {
      console.log(
        'inventory: event',
        e.id,
        'seen already: skipped',
      );
      continue;
    }
    seen.add(e.id);
    console.log(
      'inventory: event',
      e.id,
      'reserves stock for',
      e.order,
    );
  }
  if (seen.size === 0) {
    console.log(
      'inventory: no event: ' +
        'o-1 never gets its stock',
    );
  }
}

main(async () => {
  console.log('-- save, then publish');
  let broker = chan<Event>(10);
  await saveThenPublish(
    new DB(),
    broker,
    true,
  );
  broker.close();
  await inventory(broker, new Set());

  console.log('-- transactional outbox');
  broker = chan<Event>(10);
  const d = new DB();
  await saveWithOutbox(d);
  await relay(d, broker, true);
  // restarted, it publishes event 1 again
  await relay(d, broker, false);
  broker.close();
  await inventory(broker, new Set());
});
