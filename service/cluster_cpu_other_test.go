//go:build !unix

package service

import "time"

// processCPU is 0 where getrusage is missing: the benchmark then reports
// no CPU figure.
func processCPU() time.Duration { return 0 }
