#!/usr/bin/env bash
# JaCoCo line coverage of twine-core under its own tests plus the conformance tests (corpus,
# properties, faults). Not part of the default test run. Usage: scripts/coverage.sh
# Prints the line coverage per class and in total; HTML report in target/coverage/html.
set -euo pipefail
cd "$(dirname "$0")/.."
JACOCO=0.8.13
for d in /usr/lib/jvm/*25* /usr/lib/jvm/*21*; do [ -x "$d/bin/javac" ] && export JAVA_HOME=$d && break; done
export PATH="$JAVA_HOME/bin:$PATH"
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
out=$PWD/target/coverage
rm -rf "$out" && mkdir -p "$out"
mvn -B -q -ntp dependency:copy -Dartifact=org.jacoco:org.jacoco.agent:$JACOCO:jar:runtime -DoutputDirectory="$out" >&2
mvn -B -q -ntp dependency:copy -Dartifact=org.jacoco:org.jacoco.cli:$JACOCO:jar:nodeps -DoutputDirectory="$out" >&2
agent="-javaagent:$out/org.jacoco.agent-$JACOCO-runtime.jar=destfile=$out/jacoco.exec,append=true,includes=io.twine.*"
mvn -B -q -ntp verify -pl twine-core,conformance -am "-Dsurefire.extraArgs=$agent" >&2
java -jar "$out/org.jacoco.cli-$JACOCO-nodeps.jar" report "$out/jacoco.exec" \
  --classfiles twine-core/target/classes --sourcefiles twine-core/src/main/java \
  --csv "$out/jacoco.csv" --html "$out/html" >&2
awk -F, 'NR > 1 { m += $8; c += $9; if ($8 + $9 > 0) printf "%-28s %-34s %6.1f%% lines (%d missed)\n", $2, $3, 100 * $9 / ($8 + $9), $8 }
         END { printf "twine-core line coverage: %.1f%% (%d of %d lines)\n", 100 * c / (m + c), c, m + c }' "$out/jacoco.csv"
