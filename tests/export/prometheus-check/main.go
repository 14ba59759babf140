// Command prometheus-check validates Prometheus configuration files with Prometheus's own loader
// (the one promtool check config uses): it reads a JSON array of YAML texts and prints a JSON
// array with, for each, "" when it loads or the reason it does not. Unknown fields fail (the
// loader's YAML is strict), and so do bad values (durations, regexes, relabel actions).
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"

	"github.com/prometheus/prometheus/config"
	_ "github.com/prometheus/prometheus/discovery/kubernetes"
)

func main() {
	data, err := io.ReadAll(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	var texts []string
	if err := json.Unmarshal(data, &texts); err != nil {
		fmt.Fprintln(os.Stderr, "expected a JSON array of strings:", err)
		os.Exit(2)
	}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	out := make([]string, len(texts))
	for i, text := range texts {
		if _, err := config.Load(text, quiet); err != nil {
			out[i] = err.Error()
		}
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		os.Exit(2)
	}
}
