#!/usr/bin/env bash
# Builds and runs Twine's jcstress tests (module jcstress/, Maven profile "jcstress"), briefly by
# default because the machine is shared. Usage: scripts/jcstress.sh [jcstress options]
# Default options: -m quick -c 2 (add e.g. -m default for a longer run). Results: jcstress/results/.
set -euo pipefail
cd "$(dirname "$0")/.."
for d in /usr/lib/jvm/*25* /usr/lib/jvm/*21*; do [ -x "$d/bin/javac" ] && export JAVA_HOME=$d && break; done
export PATH="$JAVA_HOME/bin:$PATH"
mvn -B -q -ntp -Pjcstress -DskipTests package -pl jcstress -am >&2
cd jcstress
args=("$@")
[ ${#args[@]} -eq 0 ] && args=(-m quick -c 2)
java -jar target/jcstress.jar -r results "${args[@]}"
/usr/bin/python3 ../scripts/jcstress-summary.py results
