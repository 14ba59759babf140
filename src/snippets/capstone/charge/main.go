// Command charge sends one charge twice, as orders' sidecar does when
// a per-try timeout cuts off the first try: the retry reaches payments
// while the first try is still at the bank. Three payments handlers
// take it: without a key, with a key stored after the bank answers,
// and with a key claimed before the bank is called.
package main

import (
	"fmt"
	"sync"
	"time"
)

type Charge struct {
	ID    string
	Order string
	Cents int
}

var start time.Time

func logf(format string, args ...any) {
	fmt.Printf("%4dms  %s\n", time.Since(start).Milliseconds(),
		fmt.Sprintf(format, args...))
}

// payments keeps the ledger; the bank is slow on the first call.
type payments struct {
	mu     sync.Mutex // handlers run in goroutines of their own
	ledger []Charge
	calls  int
}

func (p *payments) bank(order string, cents int) Charge {
	p.mu.Lock()
	p.calls++
	slow := p.calls == 1
	p.mu.Unlock()
	logf("payments: charging %s at the bank", order)
	if slow {
		time.Sleep(150 * time.Millisecond)
	} else {
		time.Sleep(30 * time.Millisecond)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	c := Charge{fmt.Sprintf("ch-%d", len(p.ledger)+1), order, cents}
	p.ledger = append(p.ledger, c)
	logf("payments: charged %s %d (%s)", order, cents, c.ID)
	return c
}

// handler is what payments does with POST /charges.
type handler func(key, order string, cents int) Charge

func noKey(p *payments) handler {
	return func(key, order string, cents int) Charge {
		return p.bank(order, cents)
	}
}

// storedAfter checks the key, calls the bank, then stores the key:
// each step under the lock, and still a check-then-act race.
func storedAfter(p *payments) handler {
	seen := map[string]Charge{}
	return func(key, order string, cents int) Charge {
		p.mu.Lock()
		first, ok := seen[key]
		p.mu.Unlock()
		if ok {
			return first
		}
		c := p.bank(order, cents)
		p.mu.Lock()
		seen[key] = c
		p.mu.Unlock()
		return c
	}
}

type claim struct {
	done   chan struct{} // closed when charge is set
	charge Charge
}

// claimedFirst claims the key before the bank is called; a duplicate
// waits for the first try's charge instead of making its own.
func claimedFirst(p *payments) handler {
	claims := map[string]*claim{}
	return func(key, order string, cents int) Charge {
		p.mu.Lock()
		c, ok := claims[key]
		if !ok {
			c = &claim{done: make(chan struct{})}
			claims[key] = c
		}
		p.mu.Unlock()
		if ok {
			select {
			case <-c.done:
				logf("payments: key %s seen: its charge again", key)
			default:
				logf("payments: key %s in progress: waiting", key)
				<-c.done
			}
			return c.charge
		}
		c.charge = p.bank(order, cents)
		close(c.done)
		return c.charge
	}
}

// order charges o-1 with a per-try timeout of 100ms and one retry.
func order(charge handler) {
	var wg sync.WaitGroup // the handlers still running
	for try := 1; try <= 2; try++ {
		answer := make(chan Charge, 1) // a lost answer must not block
		logf("orders: try %d sent", try)
		wg.Go(func() { answer <- charge("charge-o-1", "o-1", 1999) })
		select {
		case c := <-answer:
			logf("orders: try %d: paid by %s", try, c.ID)
			wg.Wait()
			return
		case <-time.After(100 * time.Millisecond):
			logf("orders: try %d timed out", try)
		}
	}
	wg.Wait()
}

func main() {
	for _, v := range []struct {
		name string
		make func(*payments) handler
	}{
		{"no key", noKey},
		{"key stored after the bank", storedAfter},
		{"key claimed before the bank", claimedFirst},
	} {
		fmt.Println("--", v.name)
		start = time.Now()
		p := &payments{}
		order(v.make(p))
		taken := 0
		for _, c := range p.ledger {
			taken += c.Cents
		}
		fmt.Printf("ledger: %d charge(s), %d taken for a 1999 order\n",
			len(p.ledger), taken)
	}
}
