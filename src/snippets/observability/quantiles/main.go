// Command quantiles estimates percentiles the way Prometheus'
// histogram_quantile does, from bucket counts alone, and
// compares them with the exact percentiles of the latencies.
package main

import (
	"fmt"
	"math"
	"slices"
	"strconv"
)

// Park and Miller's minimal standard: the same seed
// draws the same numbers in Go and in TypeScript.
func source(seed int64) func() float64 {
	state := seed
	return func() float64 {
		state = state * 48271 % 2147483647
		return float64(state-1) / 2147483646
	}
}

// histogramQuantile is PromQL's: find the bucket the rank
// falls in, then interpolate linearly inside it, as if its
// requests were spread evenly between its bounds.
func histogramQuantile(q float64, les []float64, cum []float64) float64 {
	total := cum[len(cum)-1] // le="+Inf"
	rank := q * total
	i := 0
	for cum[i] < rank {
		i++
	}
	if i == len(les) { // in +Inf: the largest finite bound
		return les[len(les)-1]
	}
	lower, below := 0.0, 0.0
	if i > 0 {
		lower, below = les[i-1], cum[i-1]
	}
	inBucket := cum[i] - below
	return lower + (les[i]-lower)*(rank-below)/inBucket
}

func ms(seconds float64) string {
	return strconv.Itoa(int(math.Round(seconds*1000))) + "ms"
}

func main() {
	random := source(1)
	var took []float64 // whole milliseconds
	for range 1000 {
		if random() < 0.05 { // the slow tail
			took = append(took, 120+math.Floor(random()*random()*380))
		} else {
			took = append(took, 10+math.Floor(random()*30)+
				math.Floor(random()*30)+math.Floor(random()*30))
		}
	}
	sorted := slices.Sorted(slices.Values(took))
	exact := func(p float64) float64 { // nearest rank, in s
		return sorted[int(math.Ceil(p/100*1000))-1] / 1000
	}
	fmt.Printf("%-18s p50 %-6s p90 %-6s p99 %s\n", "exact",
		ms(exact(50)), ms(exact(90)), ms(exact(99)))

	layouts := []struct {
		name string
		les  []float64
	}{
		// client_golang's prometheus.DefBuckets:
		{"default buckets", []float64{
			0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}},
		// The same, cut at 100ms:
		{"short buckets", []float64{
			0.005, 0.01, 0.025, 0.05, 0.1}},
		// Dense where the latencies are:
		{"fitted buckets", []float64{
			0.02, 0.04, 0.06, 0.08, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5}},
	}
	for _, l := range layouts {
		// Cumulative counts, as Prometheus scrapes them.
		cum := make([]float64, len(l.les)+1)
		for _, t := range took {
			for i, le := range l.les {
				if t/1000 <= le { // le: at or below, in seconds
					cum[i]++
				}
			}
			cum[len(l.les)]++
		}
		fmt.Printf("\n%-18s p50 %-6s p90 %-6s p99 %s\n", l.name,
			ms(histogramQuantile(0.5, l.les, cum)),
			ms(histogramQuantile(0.9, l.les, cum)),
			ms(histogramQuantile(0.99, l.les, cum)))
		for i, le := range l.les {
			fmt.Printf("  le=%q %g\n", strconv.FormatFloat(le, 'g', -1, 64), cum[i])
		}
		fmt.Printf("  le=\"+Inf\" %g\n", cum[len(l.les)])
	}

	// The latencies themselves, in 10ms bins.
	bins := make([]int, 50)
	for _, t := range took {
		bins[min(49, int(t/10))]++
	}
	fmt.Println("\nexact, by 10ms from 0 to 500ms")
	for row := range 5 {
		for _, n := range bins[row*10 : row*10+10] {
			fmt.Printf("%5d", n)
		}
		fmt.Println()
	}
}
