package main

import (
	"fmt"
	"strconv"
	"time"
)

// Availabilities in parts per million (ppm), so
// that every number below is exact.
const (
	million = 1_000_000
	month   = 30 * 24 * time.Hour
	year    = 365 * 24 * time.Hour
)

func percent(ppm int) string {
	return strconv.FormatFloat(float64(ppm)/10_000, 'f', -1, 64) + "%"
}

func main() {
	fmt.Println("availability  down a month   down a year  failed in 1M")
	for _, ppm := range []int{
		900_000, 990_000, 995_000, 999_000, 999_500,
		999_900, 999_990,
	} {
		down := million - ppm
		fmt.Printf("%-12s%14v%14v%14d\n", percent(ppm),
			month/million*time.Duration(down),
			year/million*time.Duration(down),
			down)
	}

	// An SLO of 99.9% leaves 0.1% to fail: the
	// error budget. Burning it faster than that
	// empties it before the month is out.
	const slo = 999_000
	const budget = million - slo
	fmt.Println()
	fmt.Printf("SLO %s over 30 days: error budget %v, or %d failed requests in a million\n",
		percent(slo), month/million*budget, budget)
	fmt.Println("errors  burn rate  budget gone after")
	for _, errors := range []int{1000, 5000, 14_400, 50_000} {
		fmt.Printf("%6s%11s%19v\n", percent(errors),
			strconv.FormatFloat(float64(errors)/budget, 'f', -1, 64),
			month*budget/time.Duration(errors))
	}
}
