// Command solution is the lab's order saga in Go with net/http: orders
// reserves the stock at inventory (PUT, idempotent), then charges at
// payments (POST, made idempotent by an Idempotency-Key), and when a
// step fails or may have happened it undoes what came before, in
// reverse order. Faults are drawn from a seed, as in the lab: the
// services refuse requests with a 503, and the client's transport holds
// requests up past their deadline, and loses answers or gets them too
// late after the work was done. The program places the lab's six
// orders under 50 fault schedules and checks the lab's invariants
// from the services' own state.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"
)

type Order struct {
	ID, Customer, SKU string
	Qty, Amount       int
}

// ---- orders: the saga ----

const tries = 3

// call sends a request, and sends it again, up to tries times, while
// no answer comes back or the answer is a 5xx. It returns the last
// status, or 0 when no answer came back: then the request may or may
// not have been done. (A real client waits a jittered backoff between
// tries; time plays no part here.)
func call(client *http.Client, method, url, key, body string) int {
	status := 0
	for n := 1; n <= tries; n++ {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		req, _ := http.NewRequestWithContext(ctx, method, url, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if key != "" {
			req.Header.Set("Idempotency-Key", key)
		}
		res, err := client.Do(req)
		if err == nil {
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			status = res.StatusCode
		}
		cancel()
		if err == nil && status < 500 {
			return status
		}
	}
	return status
}

// undo runs a compensation: it must happen, so it is sent until the
// service answers it, which is safe because it is idempotent.
func undo(client *http.Client, method, url, body string) {
	for {
		if s := call(client, method, url, "", body); s > 0 && s < 500 {
			return
		}
	}
}

// placeOrder is the saga. It answers 201, 402 (declined), 409 (out of
// stock) or 503 (a step failed, and what may have happened is undone).
func placeOrder(client *http.Client, inv, pay string, o Order) int {
	release := func() { undo(client, "DELETE", inv+"/reservations/"+o.ID, "") }
	reserved := call(client, "PUT", inv+"/reservations/"+o.ID, "",
		fmt.Sprintf(`{"sku":%q,"qty":%d}`, o.SKU, o.Qty))
	if reserved == 409 {
		return 409
	}
	if reserved/100 != 2 {
		release() // it may have been reserved
		return 503
	}
	charged := call(client, "POST", pay+"/charges", "charge-"+o.ID,
		fmt.Sprintf(`{"order":%q,"customer":%q,"amount":%d}`, o.ID, o.Customer, o.Amount))
	switch charged {
	case 201:
		return 201
	case 402:
		release() // payments said no: nothing to refund
		return 402
	}
	// No answer, or a 5xx after an answer may have been lost: the
	// charge may have happened. Undo in reverse order.
	undo(client, "POST", pay+"/refunds", fmt.Sprintf(`{"order":%q}`, o.ID))
	release()
	return 503
}

// ---- the shop ----

// shop is the state of inventory and payments, and their journal.
type shop struct {
	mu       sync.Mutex // handlers run in goroutines of their own
	random   func() float64
	stock    map[string]int
	held     map[string]reservation
	charges  []charge
	seen     map[string]answer // by Idempotency-Key
	journal  []string
	declined map[string]bool
}

type reservation struct {
	SKU string
	Qty int
}

type charge struct {
	order    string
	refunded bool
}

type answer struct {
	request string
	status  int
}

func reply(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	io.WriteString(w, body)
}

// refusing answers 10% of requests with a 503 before the handler runs.
func (s *shop) refusing(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		refuse := s.random()*100 < 10
		s.mu.Unlock()
		if refuse {
			reply(w, 503, `{"error":"fault injected"}`)
			return
		}
		h.ServeHTTP(w, r)
	})
}

func (s *shop) inventory() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("PUT /reservations/{order}", func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		defer s.mu.Unlock()
		order := r.PathValue("order")
		var in reservation
		json.NewDecoder(r.Body).Decode(&in)
		if _, ok := s.held[order]; ok {
			reply(w, 200, `{}`)
			return
		}
		if s.stock[in.SKU] < in.Qty {
			reply(w, 409, `{"error":"out of stock"}`)
			return
		}
		s.stock[in.SKU] -= in.Qty
		s.held[order] = in
		reply(w, 201, `{}`)
	})
	mux.HandleFunc("DELETE /reservations/{order}", func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		defer s.mu.Unlock()
		order := r.PathValue("order")
		if h, ok := s.held[order]; ok {
			delete(s.held, order)
			s.stock[h.SKU] += h.Qty
		}
		s.journal = append(s.journal, "release "+order)
		reply(w, 200, `{}`)
	})
	return s.refusing(mux)
}

func (s *shop) payments() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /charges", func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		defer s.mu.Unlock()
		body, _ := io.ReadAll(r.Body)
		key := r.Header.Get("Idempotency-Key")
		if first, ok := s.seen[key]; ok && key != "" {
			if first.request != string(body) {
				reply(w, 422, `{"error":"Idempotency-Key reused for another request"}`)
				return
			}
			w.Header().Set("Idempotent-Replayed", "true")
			reply(w, first.status, `{}`)
			return
		}
		var c struct {
			Order, Customer string
			Amount          int
		}
		json.Unmarshal(body, &c)
		status := 402
		if c.Customer == "cy" {
			s.declined[c.Order] = true
		} else {
			s.charges = append(s.charges, charge{order: c.Order})
			status = 201
		}
		if key != "" {
			s.seen[key] = answer{string(body), status}
		}
		reply(w, status, `{}`)
	})
	mux.HandleFunc("POST /refunds", func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		defer s.mu.Unlock()
		var in struct{ Order string }
		json.NewDecoder(r.Body).Decode(&in)
		for i := range s.charges {
			if s.charges[i].order == in.Order {
				s.charges[i].refunded = true
			}
		}
		s.journal = append(s.journal, "refund "+in.Order)
		reply(w, 200, `{}`)
	})
	return s.refusing(mux)
}

// faults is the network between orders and the others: 5% of requests
// are held up until their deadline (nothing done); after the work is
// done, 5% of answers come too late and 15% are lost.
type faults struct {
	next http.RoundTripper
	shop *shop
}

var errLost = errors.New("fault injected: the answer was lost")

func (f *faults) RoundTrip(r *http.Request) (*http.Response, error) {
	f.shop.mu.Lock()
	heldUp := f.shop.random()*100 < 5
	late := !heldUp && f.shop.random()*100 < 5
	lost := !heldUp && f.shop.random()*100 < 15
	f.shop.mu.Unlock()
	if heldUp {
		return nil, context.DeadlineExceeded
	}
	res, err := f.next.RoundTrip(r)
	if err != nil || !late && !lost {
		return res, err
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if late {
		return nil, context.DeadlineExceeded
	}
	return nil, errLost
}

// source is Park and Miller's minimal standard generator.
func source(seed int64) func() float64 {
	state := seed
	return func() float64 {
		state = state * 48271 % 2147483647
		return float64(state-1) / 2147483646
	}
}

var orders = []Order{
	{"o-1", "ada", "mug", 2, 2400},
	{"o-2", "cy", "mug", 1, 1200},
	{"o-3", "bob", "socks", 1, 800},
	{"o-4", "dee", "mug", 2, 2400},
	{"o-5", "eve", "socks", 3, 2400},
	{"o-6", "ada", "socks", 2, 1600},
}

func main() {
	answers := map[int]int{}
	var twice, unpaid, holding, kept, early int
	for seed := int64(1); seed <= 50; seed++ {
		s := &shop{
			random:   source(seed),
			stock:    map[string]int{"mug": 4, "socks": 3},
			held:     map[string]reservation{},
			seen:     map[string]answer{},
			declined: map[string]bool{},
		}
		inv := httptest.NewServer(s.inventory())
		pay := httptest.NewServer(s.payments())
		client := &http.Client{Transport: &faults{http.DefaultTransport, s}}
		for _, o := range orders {
			status := placeOrder(client, inv.URL, pay.URL, o)
			answers[status]++
			s.mu.Lock()
			paid, charged := 0, 0
			for _, c := range s.charges {
				if c.order == o.ID {
					charged++
					if !c.refunded {
						paid++
					}
				}
			}
			_, holds := s.held[o.ID]
			if charged > 1 {
				twice++
			}
			if status == 201 && (paid == 0 || !holds) {
				unpaid++
			}
			if status != 201 && holds {
				holding++
			}
			if status != 201 && paid > 0 {
				kept++
			}
			lastRefund := -1
			for i, j := range s.journal {
				if j == "refund "+o.ID {
					lastRefund = i
				}
			}
			for i, j := range s.journal {
				if j == "release "+o.ID && i < lastRefund {
					early++
					break
				}
			}
			s.mu.Unlock()
		}
		inv.Close()
		pay.Close()
	}
	fmt.Printf("50 fault schedules, %d orders answered: 201 x %d, 402 x %d, 409 x %d, 503 x %d\n",
		answers[201]+answers[402]+answers[409]+answers[503],
		answers[201], answers[402], answers[409], answers[503])
	fmt.Println("charged twice:", twice)
	fmt.Println("confirmed but not paid or not holding stock:", unpaid)
	fmt.Println("failed but holding stock:", holding)
	fmt.Println("failed but keeping money:", kept)
	fmt.Println("released before refunded:", early)
}
