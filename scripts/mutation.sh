#!/usr/bin/env bash
# PIT mutation score of twine-core's Deferred engine (io.twine.defer.Deferred and Failure by
# default) under twine-core's and the conformance module's tests, through PIT's command line
# (PIT's Maven plugin only mutates classes of the module that holds the tests).
# Not part of the default test run; it is slow. Usage: scripts/mutation.sh [targetClasses] [targetTests]
# The corpus replay (TwistedCorpusTest) is left out by default to keep the run affordable on a
# shared machine: pass e.g. 'io.twine.*Test*' as targetTests to include it.
# PIT globs match the whole class name: 'io.twine.defer.*Test' would miss the '*Tests' classes
# (CallbackChainTests, FailureTests, ...), hence the trailing '*' on the test patterns.
# MUTATION_OUT=dir puts the work files and report there instead of target/mutation.
set -euo pipefail
cd "$(dirname "$0")/.."
TARGETS=${1:-io.twine.defer.Deferred*,io.twine.defer.Failure}
TESTS=${2:-io.twine.conformance.DifferencesTest*,io.twine.conformance.ReentrantOrderTest*,io.twine.conformance.FaultToleranceTest*,io.twine.conformance.TranslationPropertiesTest*,io.twine.defer.*Test*}
PIT=1.20.4
for d in /usr/lib/jvm/*25* /usr/lib/jvm/*21*; do [ -x "$d/bin/javac" ] && export JAVA_HOME=$d && break; done
export PATH="$JAVA_HOME/bin:$PATH"
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
out=${MUTATION_OUT:-$PWD/target/mutation}
rm -rf "$out" && mkdir -p "$out/jars"
for a in org.pitest:pitest:$PIT org.pitest:pitest-entry:$PIT org.pitest:pitest-command-line:$PIT \
         org.pitest:pitest-junit5-plugin:1.2.1 org.junit.platform:junit-platform-launcher:1.13.4 \
         org.apache.commons:commons-text:1.12.0 org.apache.commons:commons-lang3:3.14.0; do
  mvn -B -q -ntp dependency:copy -Dartifact=$a -DoutputDirectory="$out/jars" >&2
done
mvn -B -q -ntp test-compile dependency:build-classpath -pl twine-core,conformance -am \
  -Dmdep.outputFile="$out/cp.txt" -Dmdep.includeScope=test >&2
deps=$(cat "$out/cp.txt" | tr '\n' ':')
here=$PWD
cp="$here/twine-core/target/classes:$here/twine-core/target/test-classes:$here/conformance/target/classes:$here/conformance/target/test-classes:$deps"
pitcp=$(ls "$out"/jars/*.jar | tr '\n' ':')
java -cp "$pitcp$cp" org.pitest.mutationtest.commandline.MutationCoverageReport \
  --reportDir "$out/report" --outputFormats HTML,CSV \
  --targetClasses "$TARGETS" --targetTests "$TESTS" \
  --sourceDirs "$here/twine-core/src/main/java" --classPath "$(echo "$cp" | tr ':' ',')" \
  --mutableCodePaths "$here/twine-core/target/classes" \
  --threads 1 --timestampedReports=false \
  --jvmArgs=--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED ${PIT_VERBOSE:---verbosity QUIET_WITH_PROGRESS} >&2
awk -F, '{ n++; s[$6]++ } END { k = s["KILLED"] + s["TIMED_OUT"] + s["MEMORY_ERROR"] + s["RUN_ERROR"];
  printf "mutants: %d; killed %d (incl. timeouts), survived %d, no coverage %d\n", n, k, s["SURVIVED"], s["NO_COVERAGE"];
  printf "mutation score: %.1f%%\n", 100 * k / n }' "$out/report/mutations.csv"
# Per top-level class: killed/mutants, survived, no coverage.
awk -F, '{ c = $2; sub(/\$.*/, "", c); n[c]++; if ($6 == "SURVIVED") s[c]++; else if ($6 == "NO_COVERAGE") u[c]++; else if ($6 != "NON_VIABLE") k[c]++ }
  END { for (c in n) printf "  %-45s %4d/%-4d killed, %3d survived, %3d no coverage\n", c, k[c], n[c], s[c], u[c] }' \
  "$out/report/mutations.csv" | sort
