package dev

import (
	"os/exec"
	"syscall"
)

// setDeathSignal kills the child when fabkit dev dies, however it dies.
func setDeathSignal(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
