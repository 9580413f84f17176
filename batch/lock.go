//go:build unix

package batch

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"syscall"
	"time"
)

// TODO: the lock uses flock, so the tool builds only on Unix; Windows
// would need LockFileEx behind the same two functions.

// fileLock is an advisory lock (flock) on a file beside the ledger. The
// kernel drops it when the process dies, even by SIGKILL, so a crashed
// run never leaves a stale lock behind. The file holds the owner's PID
// and start time so that a second run can say who holds it.
type fileLock struct{ f *os.File }

// LockedError says that another process holds the ledger.
type LockedError struct {
	Path  string
	Owner string // "pid 1234 since 2026-12-03T02:00:00Z", or "" if unknown
}

func (e *LockedError) Error() string {
	if e.Owner == "" {
		return fmt.Sprintf("ledger %s is in use by another run", e.Path)
	}
	return fmt.Sprintf("ledger %s is in use by another run (%s)", e.Path, e.Owner)
}

func acquireLock(path string) (*fileLock, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open ledger lock: %w", err)
	}
	err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		owner, _ := os.ReadFile(path)
		f.Close()
		return nil, &LockedError{
			Path:  strings.TrimSuffix(path, ".lock"),
			Owner: strings.TrimSpace(string(owner)),
		}
	}
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("lock ledger: %w", err)
	}
	f.Truncate(0)
	fmt.Fprintf(f, "pid %d since %s\n", os.Getpid(),
		time.Now().UTC().Format(time.RFC3339))
	return &fileLock{f: f}, nil
}

func (l *fileLock) release() {
	l.f.Truncate(0)
	syscall.Flock(int(l.f.Fd()), syscall.LOCK_UN)
	l.f.Close()
}

// LockHolder reports whether a run holds the ledger at path, and who,
// without taking the lock: doctor asks it before a night's run.
func LockHolder(path string) (owner string, held bool, err error) {
	f, err := os.Open(path + ".lock")
	if errors.Is(err, os.ErrNotExist) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("open ledger lock: %w", err)
	}
	defer f.Close()
	err = syscall.Flock(int(f.Fd()), syscall.LOCK_SH|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		data, _ := io.ReadAll(io.LimitReader(f, 200))
		return strings.TrimSpace(string(data)), true, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("probe ledger lock: %w", err)
	}
	syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
	return "", false, nil
}
