// Command fabkit turns parametric machine designs into fabrication outputs:
// meshes, cut lists, nests and G-code, drawings, a costed BOM and a
// manifest. Run `fabkit help` for the commands; the command line itself is
// the root package's fabkit.Main, which design repositories call too.
//
// Exit status: 0 on success, 1 when a build fails, 2 on bad usage or input.
package main

import "github.com/fabkit/fabkit"

func main() { fabkit.Main() }
