//go:build unix

package service

import (
	"syscall"
	"time"
)

// processCPU is the CPU time (user and system) this process has used so
// far: in the cluster benchmark, the whole cluster's (NATS, replica and
// workers all run in it).
func processCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
