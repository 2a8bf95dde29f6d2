#!/usr/bin/env bash
# Generates N fresh programs from SEED, runs them on Twisted and on Twine, and prints every
# program whose traces differ. Usage: scripts/conformance-live.sh [N=2000] [SEED=random]
# Programs that Twisted's runner marks "~running" or "~stuck" show a documented difference
# (docs/differences.md): they must agree up to the mark and are counted apart.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-2000}
SEED=${2:-$RANDOM$RANDOM}
. scripts/conformance-env.sh
out=$(mktemp -d)
java -cp "$CP" io.twine.conformance.ProgramGenerator "$N" "$SEED" > "$out/programs"
# Stderr holds what the libraries log (e.g. cancellers that raise); kept apart, not compared.
java -cp "$CP" io.twine.conformance.TwineRunner < "$out/programs" > "$out/twine" 2> "$out/twine.log"
"$PY" conformance/twisted_runner.py < "$out/programs" > "$out/twisted" 2> "$out/twisted.log"
paste -d'\n' "$out/programs" "$out/twisted" "$out/twine" | awk -v seed="$SEED" '
  NR%3==1 {p=$0} NR%3==2 {t=$0}
  NR%3==0 { n++;
    m = index(t, "~")
    if (m) { pre = substr(t, 1, m - 1); sub(/ ?[^ ]*$/, "", pre)
             if (pre == "" || index($0, pre) == 1) { known++; next } }
    if (t != $0) { bad++; print "program: " p "\ntwisted: " t "\ntwine:   " $0 "\n" } }
  END { printf "seed %s: %d programs, %d divergences, %d programs with a documented difference\n", seed, n, bad, known; exit bad > 0 }' || status=$?
# The runner models defer.race (it must mark where Twine differs); where Twisted has its own race
# (23.8+), check the model against it: same traces once the "~raised" marks are left out
# (programs marked "~late" are skipped: there real Twisted raises AlreadyCalledError by design).
if "$PY" -c 'from twisted.internet.defer import race' 2>/dev/null; then
  TWINE_REAL_RACE=1 "$PY" conformance/twisted_runner.py < "$out/programs" > "$out/twisted-real-race" 2>> "$out/twisted.log"
  sed -E 's/ ?[de][0-9]+~raised//g' "$out/twisted" | paste -d'\n' "$out/programs" - "$out/twisted-real-race" | awk '
    NR%3==1 {p=$0} NR%3==2 {t=$0}
    NR%3==0 { if (t ~ /~late/) next; n++; if (t != $0) { bad++; print "program:   " p "\nrace model: " t "\nreal race:  " $0 "\n" } }
    END { printf "race model against Twisted'"'"'s own race: %d programs, %d differ\n", n, bad; exit bad > 0 }' || status=$?
fi
exit ${status:-0}
