package main

import (
	"fmt"
	"strings"
	"sync"
	"time"
)

var (
	configOnce sync.Once
	config     map[string]string // set once, by loadConfig
)

// loadConfig is slow, so it runs when the configuration is
// first needed, and only once.
func loadConfig() {
	fmt.Println("loading config")
	time.Sleep(100 * time.Millisecond)
	config = map[string]string{"region": "eu-west-1"}
}

func region() string {
	configOnce.Do(loadConfig)
	return config["region"]
}

func main() {
	var wg sync.WaitGroup
	regions := make([]string, 3)
	for i := range 3 {
		wg.Go(func() {
			regions[i] = region()
		})
	}
	wg.Wait()
	fmt.Println(strings.Join(regions, " "))
}
