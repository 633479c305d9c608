//go:build !linux

package dev

import "os/exec"

// setDeathSignal does nothing here: fabkit dev stops its child on the way
// out, but a killed fabkit dev leaves it running.
func setDeathSignal(*exec.Cmd) {}
