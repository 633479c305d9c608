#!/bin/sh
# export.sh regenerates the OSE v25.09P plate reference data that
# designs/cebpress/ose_test.go compares fabkit's CEB press with.
#
#   tools/ose-reference/export.sh [OSE-CEB-Press-git-dir] [commit]
#
# It takes OSE's own files (github.com/OpenSourceEcology/CEB-Press, folder
# v2509P), exports every plate with OpenSCAD's projection() to DXF at the
# 6x12x6 and 6x24x6 bricks and at the other parameter values fabkit's
# presets pass (bricks.txt), and turns each DXF into closed loops
# (loops.py). Output: designs/cebpress/testdata/ose/BRICK.json.
# Needs openscad (Debian's 2021.01) and /usr/bin/python3 (stdlib only).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
git_dir=${1:-/work/.mirror/OpenSourceEcology+CEB-Press/repo}
commit=${2:-$(git -C "$git_dir" rev-parse HEAD)}
out=$root/designs/cebpress/testdata/ose
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
git -C "$git_dir" archive "$commit" v2509P | tar -x -C "$tmp"
src=$tmp/v2509P
mkdir -p "$out"
plates="d1 d2 d3 d4 d5 d6 d7 d8 d9 d10 d11 d12 f1 f2 f3 f4 f5 f6 f8 f9 f11 f12 f13 f14 a1 a2 a3 a4 a5 a6 h1 h2 h7 h8"
grep -v '^#' "$here/bricks.txt" | while read -r brick defs; do
	[ -n "$brick" ] || continue
	mkdir -p "$tmp/dxf/$brick"
	for p in $plates; do
		# Each part file ends its header with a top-level call "XXp();":
		# project that call to 2D and keep everything else as OSE wrote it.
		sed "s/^${p}p();/projection() ${p}p();/" "$src/${p}p.scad" >"$src/x_${p}.scad"
		# shellcheck disable=SC2086 # defs is a list of -D options
		openscad $defs -o "$tmp/dxf/$brick/$p.dxf" "$src/x_${p}.scad" >/dev/null 2>&1 ||
			{ echo "export.sh: openscad failed on $p at $brick" >&2; exit 1; }
	done
	/usr/bin/python3 "$here/loops.py" "$commit" "$brick" "$defs" "$tmp/dxf/$brick" $plates >"$out/$brick.json"
	echo "wrote $out/$brick.json"
done
