# Sourced by the conformance scripts: builds the conformance module (no install) and sets
# JAVA_HOME/PATH, CP (its classpath) and PY (a Python 3 with Twisted, installed when missing).
JAVA_HOME=$(./twine java-home 2>/dev/null || true)
if [ -z "$JAVA_HOME" ]; then
  for d in /usr/lib/jvm/*25* /usr/lib/jvm/*21*; do [ -x "$d/bin/javac" ] && JAVA_HOME=$d && break; done
fi
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
mvn -B -q -ntp -DskipTests package -pl conformance -am >&2
CP=conformance/target/classes:twine-core/target/classes
PY=/usr/bin/python3
if ! "$PY" -c 'import twisted' 2>/dev/null; then
  echo "installing python3-twisted (Debian) ..." >&2
  apt-get update -qq >&2 && apt-get install -y -qq python3-twisted >&2
fi
