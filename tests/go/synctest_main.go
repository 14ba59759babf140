// Runs a lesson program's main on testing/synctest's fake clock, the way gort runs its TypeScript
// twin on a virtual clock: time moves only when every goroutine is blocked, so a program that
// sleeps for seconds ends at once and prints the same thing on every run.
//
// tests/go/run-go.ts adds this file to the program's package with `go run -overlay` (as
// zz_synctest_main.go); the program's own files are never changed. It is compiled into a plain
// `go run` binary, not a test binary, so the package keeps the name main and stack traces and race
// reports name main.main and main.deposit exactly as under `go run` (a `go test` binary would
// rename them after the import path).
//
// Invariants:
//   - main runs in a goroutine of its own whose stack starts at main.main: runMain and inBubble are
//     //go:norace, so the race detector records no frame of theirs, and a race report's "created
//     at" stacks show only the program's frames, as under `go run -race`.
//   - The channel inBubble waits on is made inside the bubble: only then is the wait durably
//     blocking, which is what lets the fake clock advance.
//   - When main returns, the process exits at once with status 0 and the remaining goroutines are
//     abandoned, as when a Go program's main returns. os.Exit(0) also runs the race detector's
//     epilogue ("Found N data race(s)", status 66), as the runtime does after main.
//   - testing.Main is the exported entry "preserved for systems that simulate go test"; it gives
//     synctest.Test the *testing.T it needs. The tests' flags and output stay silent because the
//     process exits inside the test.
package main

import (
	"os"
	"testing"
	"testing/synctest"
)

var mainReturned chan struct{}

//go:norace
func runMain() {
	main()
	close(mainReturned)
}

//go:norace
func inBubble(*testing.T) {
	mainReturned = make(chan struct{})
	go runMain()
	<-mainReturned
	os.Exit(0)
}

func init() {
	matchAll := func(pat, str string) (bool, error) { return true, nil }
	testing.Main(matchAll, []testing.InternalTest{{
		Name: "Main",
		F:    func(t *testing.T) { synctest.Test(t, inBubble) },
	}}, nil, nil)
}
