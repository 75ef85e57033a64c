//go:build unix

package loadtest

import (
	"syscall"
	"time"
)

// CPUTime is the processor time this process has used, user and system, over all its
// threads: on a shared machine it says what work costs better than the wall clock. For
// SQLite it includes the database's own work; PostgreSQL's runs in its own processes
// and is not in it. It is zero when it cannot be read.
func CPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
