package main

import (
	"fmt"
	"sync"
)

// The audit log: every change is recorded here before it is
// applied. It has room for every entry, so a send never waits.
var audit = make(chan string, 100)

type Account struct {
	mu      sync.Mutex // guards balance
	balance int
}

func (a *Account) Deposit(amount int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	b := a.balance
	audit <- fmt.Sprintf("deposit %d: %d -> %d", amount, b, b+amount)
	a.balance = b + amount
}

// Withdraw takes amount out if the account holds that much,
// and says whether it did.
func (a *Account) Withdraw(amount int) bool {
	a.mu.Lock()
	defer a.mu.Unlock() // on every return
	b := a.balance
	if b < amount {
		return false
	}
	audit <- fmt.Sprintf("withdraw %d: %d -> %d", amount, b, b-amount)
	a.balance = b - amount
	return true
}

// Balance returns what the account holds now.
func (a *Account) Balance() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.balance
}

func main() {
	var account Account
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() { account.Deposit(100) })
	}
	wg.Wait()
	fmt.Println("after 10 deposits of 100:", account.Balance())

	paid := make([]bool, 4)
	for i := range paid {
		wg.Go(func() { paid[i] = account.Withdraw(300) })
	}
	wg.Wait()
	n := 0
	for _, ok := range paid {
		if ok {
			n++
		}
	}
	fmt.Println("withdrawals of 300 paid:", n, "of 4")
	fmt.Println("balance:", account.Balance())
}
