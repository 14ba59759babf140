// Command retry charges order 7 through a network that loses the
// first answer after payments has charged, and tries again: without
// a key and with an Idempotency-Key.
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

type Charge struct {
	ID     string `json:"id"`
	Order  int    `json:"order"`
	Amount int    `json:"amount"`
}

// payments charges, and answers a key it has seen with that key's
// first answer.
func payments(charges *[]Charge) http.Handler {
	var mu sync.Mutex // handlers run in goroutines of their own
	seen := map[string]Charge{}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /charges", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		key := r.Header.Get("Idempotency-Key")
		w.Header().Set("Content-Type", "application/json")
		if first, ok := seen[key]; ok && key != "" {
			fmt.Printf("payments: key %s seen: first answer again\n", key)
			w.Header().Set("Idempotent-Replayed", "true")
			w.WriteHeader(201)
			json.NewEncoder(w).Encode(first)
			return
		}
		var c Charge
		json.NewDecoder(r.Body).Decode(&c)
		c.ID = fmt.Sprintf("ch_%d", len(*charges)+1)
		*charges = append(*charges, c)
		fmt.Printf("payments: charged %d for order %d (%s)\n", c.Amount, c.Order, c.ID)
		if key != "" {
			seen[key] = c
		}
		w.WriteHeader(201)
		json.NewEncoder(w).Encode(c)
	})
	return mux
}

// loseFirstAnswer is a network that loses the first answer, after
// payments has done the work.
type loseFirstAnswer struct {
	next http.RoundTripper
	lost bool
}

func (t *loseFirstAnswer) RoundTrip(r *http.Request) (*http.Response, error) {
	res, err := t.next.RoundTrip(r)
	if err == nil && !t.lost {
		t.lost = true
		res.Body.Close()
		return nil, errors.New("connection reset")
	}
	return res, err
}

func charge(client *http.Client, url, key string) {
	for n := 1; n <= 3; n++ {
		req, _ := http.NewRequest("POST", url+"/charges",
			strings.NewReader(`{"order":7,"amount":1200}`))
		req.Header.Set("Content-Type", "application/json")
		if key != "" {
			req.Header.Set("Idempotency-Key", key)
		}
		res, err := client.Do(req)
		if err != nil {
			// err is a *url.Error; what the network said is inside.
			fmt.Printf("orders: try %d: no answer (%v)\n", n, errors.Unwrap(err))
			continue
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		replayed := ""
		if res.Header.Get("Idempotent-Replayed") == "true" {
			replayed = " (replayed)"
		}
		fmt.Printf("orders: try %d: %d %s%s\n", n, res.StatusCode,
			strings.TrimSpace(string(body)), replayed)
		return
	}
}

func main() {
	for _, key := range []string{"", "order-7"} {
		if key == "" {
			fmt.Println("-- no key")
		} else {
			fmt.Println("-- Idempotency-Key:", key)
		}
		var charges []Charge
		p := httptest.NewServer(payments(&charges))
		client := &http.Client{Transport: &loseFirstAnswer{next: http.DefaultTransport}}
		charge(client, p.URL, key)
		taken := 0
		for _, c := range charges {
			taken += c.Amount
		}
		s := "s"
		if len(charges) == 1 {
			s = ""
		}
		fmt.Printf("payments: %d charge%s, %d taken for a 1200 order\n", len(charges), s, taken)
		p.Close()
	}
}
