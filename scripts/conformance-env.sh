# Sourced by the conformance scripts: builds the conformance module (no install) and sets
# JAVA_HOME/PATH, CP (its classpath) and PY (a Python 3 with Twisted, installed when missing).
JAVA_HOME=$(./twine java-home 2>/dev/null || true)
if [ -z "$JAVA_HOME" ]; then
  for d in /usr/lib/jvm/*25* /usr/lib/jvm/*21*; do [ -x "$d/bin/javac" ] && JAVA_HOME=$d && break; done
fi
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
mvn -B -q -ntp -DskipTests package -pl conformance -am >&2
CP=conformance/target/classes:twine-core/target/classes
# Twisted's current release (26.x) from the package registry, in a venv under target/; Debian's
# older python3-twisted when the registry cannot be reached. TWISTED_PYTHON overrides both.
venv=target/twisted-venv
if [ -n "${TWISTED_PYTHON:-}" ]; then
  PY=$TWISTED_PYTHON
elif [ -x "$venv/bin/python" ] && "$venv/bin/python" -c 'import twisted' 2>/dev/null; then
  PY=$venv/bin/python
elif /usr/bin/python3 -m venv "$venv" >&2 && "$venv/bin/pip" install -q 'twisted>=26' >&2; then
  PY=$venv/bin/python
else
  echo "Twisted 26.x could not be installed from the package registry; using Debian's python3-twisted" >&2
  rm -rf "$venv"
  PY=/usr/bin/python3
  if ! "$PY" -c 'import twisted' 2>/dev/null; then
    echo "installing python3-twisted (Debian) ..." >&2
    apt-get update -qq >&2 && apt-get install -y -qq python3-twisted >&2
  fi
fi
echo "Twisted $("$PY" -W ignore -c 'import twisted; print(twisted.__version__)') on $PY" >&2
