//go:build unix

package whatif

import (
	"syscall"
	"time"
)

// cpuTime is the processor time this process has used, over all its threads: on a
// shared machine it says what a question costs better than the time on the clock.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
