//go:build !linux

package dev

// notifier is absent off Linux: the watcher polls.
type notifier struct{}

func newNotifier() *notifier                      { return nil }
func (n *notifier) C() <-chan struct{}            { return nil }
func (n *notifier) watch(root string, s snapshot) {}
func (n *notifier) close()                        {}
