#!/usr/bin/env bash
# Regenerates the checked-in conformance corpus: N programs from SEED with real Twisted's traces.
# Usage: scripts/conformance-regen.sh [N=3500] [SEED=20261125]
# Output: conformance/src/test/resources/io/twine/conformance/corpus.txt.gz, lines "program<TAB>trace".
# Installs Debian's python3-twisted when missing; the JUnit test that reads the corpus needs no Python.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-3500}
SEED=${2:-20261125}
. scripts/conformance-env.sh
out=$(mktemp -d)
java -cp "$CP" io.twine.conformance.ProgramGenerator "$N" "$SEED" > "$out/programs"
"$PY" conformance/twisted_runner.py < "$out/programs" > "$out/twisted" 2> "$out/twisted.log"
version=$("$PY" -c 'import twisted; print(twisted.__version__)')
dest=conformance/src/test/resources/io/twine/conformance
mkdir -p "$dest"
{ echo "// Twisted $version, $N programs, generator seed $SEED (scripts/conformance-regen.sh)"
  paste "$out/programs" "$out/twisted"; } | gzip -9n > "$dest/corpus.txt.gz"
echo "wrote $dest/corpus.txt.gz ($(stat -c %s "$dest/corpus.txt.gz") bytes, $N programs, Twisted $version)"
