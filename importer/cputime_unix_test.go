//go:build unix

package importer

import (
	"syscall"
	"time"
)

// cpuTime is the processor time (user and system) the process has used,
// which other work on a shared machine disturbs less than wall time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
