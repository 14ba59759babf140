package main

import (
	"context"
	"fmt"
	"time"
)

// An unexported key type: no other package can make this key,
// so no other package can read or overwrite this value.
type ctxKey int

const requestIDKey ctxKey = 0

func withRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey, id)
}

func requestID(ctx context.Context) string {
	if id, ok := ctx.Value(requestIDKey).(string); ok {
		return id
	}
	return "-"
}

// handle gets ctx first and passes it on; the user is a parameter.
func handle(ctx context.Context, user string) {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	load(ctx, user)
}

func load(ctx context.Context, user string) {
	d, _ := ctx.Deadline()
	fmt.Printf("[%s] load %s, %v left\n", requestID(ctx), user, time.Until(d))
}

func main() {
	ctx := withRequestID(context.Background(), "req-7")
	handle(ctx, "ada")
	handle(context.Background(), "grace")

	_, found := ctx.Value("requestID").(string)
	fmt.Println("found with a string key:", found)
}
