// Command experiment places the lab's six orders under 100 fault
// schedules, three ways: retries alone, retries with an
// Idempotency-Key, and the saga (keys and compensation).
package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
)

// source is Park and Miller's minimal standard: the same seed draws
// the same faults in Go and in TypeScript.
func source(seed int64) func() float64 {
	state := seed
	return func() float64 {
		state = state * 48271 % 2147483647
		return float64(state-1) / 2147483646
	}
}

type Order struct {
	ID, Customer, SKU string
	Qty               int
}

var orders = []Order{
	{"o-1", "ada", "mug", 2},
	{"o-2", "cy", "mug", 1},
	{"o-3", "bob", "socks", 1},
	{"o-4", "dee", "mug", 2},
	{"o-5", "eve", "socks", 3},
	{"o-6", "ada", "socks", 2},
}

type reservation struct {
	SKU string
	Qty int
}

type charge struct {
	order    string
	refunded bool
}

// The shop's state, new for every schedule.
var (
	mu      sync.Mutex // handlers run in goroutines of their own
	stock   map[string]int
	held    map[string]reservation
	charges []charge
	seen    map[string]int
)

func answer(w http.ResponseWriter, status int) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	io.WriteString(w, "{}")
}

func inventory() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("PUT /reservations/{order}", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		order := r.PathValue("order")
		var in reservation
		json.NewDecoder(r.Body).Decode(&in)
		if _, ok := held[order]; ok {
			answer(w, 200)
			return
		}
		if stock[in.SKU] < in.Qty {
			answer(w, 409)
			return
		}
		stock[in.SKU] -= in.Qty
		held[order] = in
		answer(w, 201)
	})
	mux.HandleFunc("DELETE /reservations/{order}", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		if h, ok := held[r.PathValue("order")]; ok {
			delete(held, r.PathValue("order"))
			stock[h.SKU] += h.Qty
		}
		answer(w, 200)
	})
	return mux
}

func payments() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /charges", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		key := r.Header.Get("Idempotency-Key")
		if first, ok := seen[key]; ok && key != "" {
			answer(w, first)
			return
		}
		var c struct{ Order, Customer string }
		json.NewDecoder(r.Body).Decode(&c)
		status := 402
		if c.Customer != "cy" {
			charges = append(charges, charge{order: c.Order})
			status = 201
		}
		if key != "" {
			seen[key] = status
		}
		answer(w, status)
	})
	mux.HandleFunc("POST /refunds", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		var in struct{ Order string }
		json.NewDecoder(r.Body).Decode(&in)
		for i := range charges {
			if charges[i].order == in.Order {
				charges[i].refunded = true
			}
		}
		answer(w, 200)
	})
	return mux
}

// faults refuses 10% of requests before they arrive, and loses 20% of
// answers after the work was done.
type faults struct {
	next   http.RoundTripper
	random func() float64
}

func (f *faults) RoundTrip(r *http.Request) (*http.Response, error) {
	if f.random()*100 < 10 {
		return nil, errors.New("refused")
	}
	lose := f.random()*100 < 20
	res, err := f.next.RoundTrip(r)
	if err == nil && lose {
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		return nil, errors.New("answer lost")
	}
	return res, err
}

// call tries up to 3 times while there is no answer or a 5xx; nil
// when none came back.
func call(client *http.Client, method, url, key, body string) *http.Response {
	var last *http.Response
	for n := 1; n <= 3; n++ {
		req, _ := http.NewRequest(method, url, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if key != "" {
			req.Header.Set("Idempotency-Key", key)
		}
		res, err := client.Do(req)
		if err != nil {
			continue // no answer: maybe done, maybe not
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		last = res
		if res.StatusCode < 500 {
			return res
		}
	}
	return last
}

// undo sends a compensation until it is answered.
func undo(client *http.Client, method, url, body string) {
	for {
		res := call(client, method, url, "", body)
		if res != nil && res.StatusCode < 500 {
			return
		}
	}
}

func place(client *http.Client, inv, pay, s string, o Order) int {
	release := func() { undo(client, "DELETE", inv+"/reservations/"+o.ID, "") }
	r := call(client, "PUT", inv+"/reservations/"+o.ID, "",
		fmt.Sprintf(`{"sku":%q,"qty":%d}`, o.SKU, o.Qty))
	if r != nil && r.StatusCode == 409 {
		return 409
	}
	if r == nil || r.StatusCode/100 != 2 {
		if s == "saga" {
			release()
		}
		return 503
	}
	key := ""
	if s != "retries" {
		key = "charge-" + o.ID
	}
	c := call(client, "POST", pay+"/charges", key,
		fmt.Sprintf(`{"order":%q,"customer":%q}`, o.ID, o.Customer))
	if c != nil && c.StatusCode == 201 {
		return 201
	}
	declined := c != nil && c.StatusCode == 402
	if s == "saga" {
		if !declined {
			undo(client, "POST", pay+"/refunds", fmt.Sprintf(`{"order":%q}`, o.ID))
		}
		release()
	}
	if declined {
		return 402
	}
	return 503
}

func main() {
	inv := httptest.NewServer(inventory())
	pay := httptest.NewServer(payments())
	defer inv.Close()
	defer pay.Close()
	fmt.Println("strategy  confirmed  charged-twice  stock-held  money-kept")
	for _, s := range []string{"retries", "keys", "saga"} {
		var n [4]int
		for seed := int64(1); seed <= 100; seed++ {
			stock = map[string]int{"mug": 4, "socks": 3}
			held = map[string]reservation{}
			charges = nil
			seen = map[string]int{}
			client := &http.Client{Transport: &faults{http.DefaultTransport, source(seed)}}
			for _, o := range orders {
				status := place(client, inv.URL, pay.URL, s, o)
				mine, kept := 0, 0
				for _, c := range charges {
					if c.order == o.ID {
						mine++
						if !c.refunded {
							kept++
						}
					}
				}
				_, holds := held[o.ID]
				if status == 201 {
					n[0]++
				}
				if mine > 1 {
					n[1]++
				}
				if status != 201 && holds {
					n[2]++
				}
				if status != 201 && kept > 0 {
					n[3]++
				}
			}
		}
		fmt.Printf("%-8s%11d%15d%12d%12d\n", s, n[0], n[1], n[2], n[3])
	}
}
