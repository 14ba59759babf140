// Command solution is the shop after the split: users on :8081,
// catalog on :8082, orders on :8080. Each service owns its data;
// orders reaches the catalog only over HTTP.
package main

import (
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/go-chi/chi/v5"
)

type User struct {
	ID   int    `json:"id"`
	Name string `json:"name"`
}

type Product struct {
	ID    int    `json:"id"`
	Name  string `json:"name"`
	Price int    `json:"price"` // in cents
}

type Order struct {
	ID        int `json:"id"`
	UserID    int `json:"userId"`
	ProductID int `json:"productId"`
	Quantity  int `json:"quantity"`
	Total     int `json:"total"` // in cents
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func fail(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}

// usersService owns the users.
func usersService() http.Handler {
	users := []User{{1, "Ada"}, {2, "Grace"}}
	r := chi.NewRouter()
	r.Get("/users/{id}", func(w http.ResponseWriter, r *http.Request) {
		id, err := strconv.Atoi(chi.URLParam(r, "id"))
		for _, u := range users {
			if err == nil && u.ID == id {
				writeJSON(w, 200, u)
				return
			}
		}
		fail(w, 404, "user not found")
	})
	return r
}

// catalogService owns the products; nobody else can see the map.
func catalogService() http.Handler {
	var mu sync.Mutex
	products := map[int]*Product{
		1: {1, "Gopher mug", 1200},
		2: {2, "Channel socks", 800},
	}
	r := chi.NewRouter()
	r.Get("/products/{id}", func(w http.ResponseWriter, r *http.Request) {
		id, _ := strconv.Atoi(chi.URLParam(r, "id"))
		mu.Lock()
		defer mu.Unlock()
		p, ok := products[id]
		if !ok {
			fail(w, 404, "product not found")
			return
		}
		writeJSON(w, 200, p)
	})
	r.Put("/products/{id}/price", func(w http.ResponseWriter, r *http.Request) {
		id, _ := strconv.Atoi(chi.URLParam(r, "id"))
		var in struct {
			Price int `json:"price"`
		}
		if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
			fail(w, 400, "invalid price")
			return
		}
		mu.Lock()
		defer mu.Unlock()
		p, ok := products[id]
		if !ok {
			fail(w, 404, "product not found")
			return
		}
		p.Price = in.Price
		writeJSON(w, 200, p)
	})
	return r
}

// ordersService owns the orders and asks the catalog at catalogURL.
func ordersService(client *http.Client, catalogURL string) http.Handler {
	var mu sync.Mutex
	var orders []Order
	r := chi.NewRouter()
	r.Post("/orders", func(w http.ResponseWriter, r *http.Request) {
		var in Order
		if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
			fail(w, 400, "invalid order")
			return
		}
		// A network call: it can fail, so both the error and the
		// status code must be looked at.
		res, err := client.Get(fmt.Sprintf("%s/products/%d", catalogURL, in.ProductID))
		if err != nil {
			fail(w, 503, "catalog unavailable")
			return
		}
		defer res.Body.Close()
		if res.StatusCode == http.StatusNotFound {
			fail(w, 422, "unknown product")
			return
		}
		var p Product
		if res.StatusCode != http.StatusOK || json.NewDecoder(res.Body).Decode(&p) != nil {
			fail(w, 503, "catalog unavailable")
			return
		}
		mu.Lock()
		o := Order{len(orders) + 1, in.UserID, in.ProductID, in.Quantity, p.Price * in.Quantity}
		orders = append(orders, o)
		mu.Unlock()
		writeJSON(w, 201, o)
	})
	r.Get("/orders/{id}", func(w http.ResponseWriter, r *http.Request) {
		id, err := strconv.Atoi(chi.URLParam(r, "id"))
		mu.Lock()
		defer mu.Unlock()
		if err != nil || id < 1 || id > len(orders) {
			fail(w, 404, "order not found")
			return
		}
		writeJSON(w, 200, orders[id-1])
	})
	return r
}

func main() {
	go func() { log.Fatal(http.ListenAndServe(":8081", usersService())) }()
	go func() { log.Fatal(http.ListenAndServe(":8082", catalogService())) }()
	// Never call another service without a timeout.
	client := &http.Client{Timeout: 2 * time.Second}
	log.Fatal(http.ListenAndServe(":8080", ordersService(client, "http://localhost:8082")))
}
