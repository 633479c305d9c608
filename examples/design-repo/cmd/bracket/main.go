// Command bracket is the fabkit command line with this repository's
// designs alongside the ones fabkit ships: `go run ./cmd/bracket build
// bracket`. Run `go run ./cmd/bracket help` for the commands.
package main

import (
	"github.com/fabkit/fabkit"

	"example.com/mymachine/bracket"
)

func main() { fabkit.Main(bracket.Design{}) }
