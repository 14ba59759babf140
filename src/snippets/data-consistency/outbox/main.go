// Command outbox shows why "save the order, then publish its event"
// can lose the event, and how a transactional outbox does not: the
// event is saved in the same transaction as the order, and a relay
// publishes it at least once.
package main

import (
	"fmt"
	"sync"
)

type Event struct {
	ID    int
	Order string
}

type row struct {
	Event
	sent bool
}

// db is the orders service's own database; holding mu is one
// transaction.
type db struct {
	mu     sync.Mutex
	orders []string
	outbox []row
}

// saveThenPublish writes twice, with nothing to make both happen:
// a crash between them loses the event.
func saveThenPublish(d *db, broker chan<- Event, crash bool) {
	d.mu.Lock()
	d.orders = append(d.orders, "o-1")
	d.mu.Unlock()
	fmt.Println("orders: saved o-1")
	if crash {
		fmt.Println("orders: crashed before publishing")
		return
	}
	broker <- Event{1, "o-1"}
}

// saveWithOutbox saves the order and its event in one transaction:
// both or neither.
func saveWithOutbox(d *db) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.orders = append(d.orders, "o-1")
	d.outbox = append(d.outbox, row{Event: Event{1, "o-1"}})
	fmt.Println("orders: saved o-1 and event 1 in one transaction")
}

// relay publishes the events not yet marked sent, then marks each;
// crash stops it between the two.
func relay(d *db, broker chan<- Event, crash bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for i := range d.outbox {
		r := &d.outbox[i]
		if r.sent {
			continue
		}
		broker <- r.Event
		fmt.Println("relay: published event", r.ID)
		if crash {
			fmt.Println("relay: crashed before marking it sent")
			return
		}
		r.sent = true
		fmt.Println("relay: marked event", r.ID, "sent")
	}
}

// inventory gets every event at least once, so it skips an event
// id it has handled: an idempotent consumer.
func inventory(broker <-chan Event, seen map[int]bool) {
	for e := range broker {
		if seen[e.ID] {
			fmt.Println("inventory: event", e.ID, "seen already: skipped")
			continue
		}
		seen[e.ID] = true
		fmt.Println("inventory: event", e.ID, "reserves stock for", e.Order)
	}
	if len(seen) == 0 {
		fmt.Println("inventory: no event: o-1 never gets its stock")
	}
}

func main() {
	fmt.Println("-- save, then publish")
	broker := make(chan Event, 10)
	saveThenPublish(&db{}, broker, true)
	close(broker)
	inventory(broker, map[int]bool{})

	fmt.Println("-- transactional outbox")
	broker = make(chan Event, 10)
	d := &db{}
	saveWithOutbox(d)
	relay(d, broker, true)
	relay(d, broker, false) // restarted, it publishes event 1 again
	close(broker)
	inventory(broker, map[int]bool{})
}
