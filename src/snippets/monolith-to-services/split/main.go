// Command split runs the catalog and orders as two HTTP services and
// calls them as a client would: orders asks the catalog over HTTP,
// and answers 503 when the catalog is down.
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
)

type Product struct {
	ID    int    `json:"id"`
	Name  string `json:"name"`
	Price int    `json:"price"`
}

type Order struct {
	ID        int `json:"id"`
	ProductID int `json:"productId"`
	Quantity  int `json:"quantity"`
	Total     int `json:"total"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// catalog owns the products: only its handlers can see the map.
func catalog() http.Handler {
	products := map[int]Product{1: {1, "Gopher mug", 1200}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /products/{id}", func(w http.ResponseWriter, r *http.Request) {
		id, err := strconv.Atoi(r.PathValue("id"))
		p, ok := products[id]
		if err != nil || !ok {
			writeJSON(w, 404, map[string]string{"error": "product not found"})
			return
		}
		writeJSON(w, 200, p)
	})
	return mux
}

// orders owns the orders and asks the catalog at catalogURL.
func orders(catalogURL string) http.Handler {
	var (
		mu   sync.Mutex // handlers run in their own goroutines
		list []Order
	)
	mux := http.NewServeMux()
	mux.HandleFunc("POST /orders", func(w http.ResponseWriter, r *http.Request) {
		var in Order
		if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
			writeJSON(w, 400, map[string]string{"error": "invalid order"})
			return
		}
		res, err := http.Get(catalogURL + "/products/" + strconv.Itoa(in.ProductID))
		if err != nil {
			writeJSON(w, 503, map[string]string{"error": "catalog unavailable"})
			return
		}
		defer res.Body.Close()
		if res.StatusCode == 404 {
			writeJSON(w, 422, map[string]string{"error": "unknown product"})
			return
		}
		var p Product
		if res.StatusCode != 200 || json.NewDecoder(res.Body).Decode(&p) != nil {
			writeJSON(w, 503, map[string]string{"error": "catalog unavailable"})
			return
		}
		mu.Lock()
		o := Order{len(list) + 1, in.ProductID, in.Quantity, p.Price * in.Quantity}
		list = append(list, o)
		mu.Unlock()
		writeJSON(w, 201, o)
	})
	return mux
}

func post(url, body string) {
	res, err := http.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	fmt.Printf("POST /orders %s -> %d %s", body, res.StatusCode, b)
}

func main() {
	cat := httptest.NewServer(catalog())
	ord := httptest.NewServer(orders(cat.URL))
	defer ord.Close()

	post(ord.URL+"/orders", `{"productId":1,"quantity":2}`)
	post(ord.URL+"/orders", `{"productId":99,"quantity":1}`)
	cat.Close() // the catalog goes down; orders stays up
	post(ord.URL+"/orders", `{"productId":1,"quantity":1}`)
}
