#!/usr/bin/env bash
# ci/check.sh: build every design of this repository, at its defaults and at
# each of its presets, with the repository's own command, and check each
# build against its golden manifest, testdata/golden/DESIGN-PRESET.json
# (DESIGN-default.json for the defaults). The GitHub workflow runs it; run it
# locally before you push.
#
#   ci/check.sh            check; exit 1 on drift or a missing golden
#   ci/check.sh --update   write the goldens from fresh builds instead
#
# Builds go to out/DESIGN-PRESET. On drift, out/DESIGN-PRESET/drift.txt
# explains the change part by part (fabkit diff) next to the build's files,
# and out/report.txt lists every build's verdict.
set -euo pipefail
cd "$(dirname "$0")/.."

update=false
case "${1:-}" in
  "") ;;
  --update) update=true ;;
  *) echo "usage: ci/check.sh [--update]" >&2; exit 2 ;;
esac

# The repository's command: the one folder under cmd/, built once.
mains=(cmd/*/)
if [ "${#mains[@]}" -ne 1 ] || [ ! -d "${mains[0]}" ]; then
  echo "ci/check.sh: expected exactly one command folder under cmd/, found: ${mains[*]}" >&2
  exit 2
fi
mkdir -p bin out
fab="$PWD/bin/$(basename "${mains[0]}")"
go build -o "$fab" "./${mains[0]}"

designs=$("$fab" designs --own --names)
if [ -z "$designs" ]; then
  echo "ci/check.sh: $fab adds no designs of its own to fabkit's" >&2
  exit 2
fi

: > out/report.txt
failed=0
for design in $designs; do
  for preset in default $("$fab" presets "$design" --names); do
    name="$design-$preset"
    dir="out/$name"
    golden="testdata/golden/$name.json"
    args=(build "$design" --out "$dir")
    if [ "$preset" != default ]; then
      args+=(--preset "$preset")
    fi
    rm -rf "$dir"
    if ! "$fab" "${args[@]}" > "out/$name.build.txt" 2>&1; then
      cat "out/$name.build.txt" >&2
      echo "FAIL  $name: the build failed (out/$name.build.txt)" | tee -a out/report.txt
      failed=1
      continue
    fi
    if $update; then
      mkdir -p testdata/golden
      "$fab" check "$dir" --golden "$golden" --update | tee -a out/report.txt
      continue
    fi
    if [ ! -f "$golden" ]; then
      echo "FAIL  $name: no golden $golden; write it with ci/check.sh --update and commit it" | tee -a out/report.txt
      failed=1
      continue
    fi
    if "$fab" check "$dir" --golden "$golden" > "out/$name.check.txt"; then
      echo "ok    $name: $(tail -n 1 "out/$name.check.txt")" | tee -a out/report.txt
    else
      cat "out/$name.check.txt"
      "$fab" diff "$golden" "$dir" > "$dir/drift.txt" || true
      cp "out/$name.check.txt" "$dir/check.txt"
      echo "FAIL  $name: drift from $golden (see $dir/drift.txt)" | tee -a out/report.txt
      failed=1
    fi
  done
done
exit $failed
