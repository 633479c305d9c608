//go:build linux && (amd64 || arm64)

package pipeline

import (
	"os"
	"syscall"
	"unsafe"
)

// renameExchange is renameat2(2)'s RENAME_EXCHANGE flag.
const renameExchange = 1 << 1

// exchange swaps two paths atomically (renameat2 with RENAME_EXCHANGE,
// Linux 3.15+): there is no instant at which either is missing. It returns
// errNoExchange when the kernel or the file system cannot.
func exchange(a, b string) error {
	pa, err := syscall.BytePtrFromString(a)
	if err != nil {
		return err
	}
	pb, err := syscall.BytePtrFromString(b)
	if err != nil {
		return err
	}
	const atFDCWD = -100
	fd := atFDCWD
	_, _, e := syscall.Syscall6(sysRenameat2, uintptr(fd), uintptr(unsafe.Pointer(pa)), uintptr(fd), uintptr(unsafe.Pointer(pb)), renameExchange, 0)
	switch e {
	case 0:
		return nil
	case syscall.ENOSYS, syscall.EINVAL, syscall.EOPNOTSUPP:
		return errNoExchange
	}
	return &os.LinkError{Op: "renameat2", Old: a, New: b, Err: e}
}
