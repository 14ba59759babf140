// Command service puts a token bucket in front of a handler: a
// request that finds no token is answered 429 Too Many Requests,
// with the seconds until the next token in Retry-After.
package main

import (
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"time"

	"golang.org/x/time/rate"
)

func limit(lim *rate.Limiter, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		res := lim.Reserve()
		if d := res.Delay(); d > 0 {
			res.Cancel() // it will not wait: give the token back
			secs := int(math.Ceil(d.Seconds()))
			w.Header().Set("Retry-After", strconv.Itoa(secs))
			http.Error(w, "rate limit exceeded", http.StatusTooManyRequests)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func main() {
	hello := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "hello")
	})
	// One request every 2 seconds, and a burst of 3.
	lim := rate.NewLimiter(rate.Every(2*time.Second), 3)
	srv := httptest.NewServer(limit(lim, hello))
	defer srv.Close()

	for range 5 {
		res, err := http.Get(srv.URL)
		if err != nil {
			fmt.Println(err)
			return
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode == http.StatusTooManyRequests {
			fmt.Println(res.StatusCode, "Retry-After:", res.Header.Get("Retry-After"))
		} else {
			fmt.Println(res.StatusCode, strings.TrimSpace(string(body)))
		}
	}
}
