# Sourced by .ci/run and the bench scripts: makes sure a JDK 21+ runs the build. Keeps JAVA_HOME when it
# points at one, else takes the `java` on the path if it is 21+, else this machine type's JDK 25.
# Sets JAVA to the java binary to use.

java_major() { # feature version of a java binary, 0 if it does not run
  local v
  v=$("$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}') || true
  v=${v#1.}
  echo "${v%%.*}" | sed 's/^$/0/'
}

if [[ -n ${JAVA_HOME:-} && -x $JAVA_HOME/bin/java ]] && (( $(java_major "$JAVA_HOME/bin/java") >= 21 )); then
  JAVA=$JAVA_HOME/bin/java
elif command -v java >/dev/null 2>&1 && (( $(java_major java) >= 21 )); then
  unset JAVA_HOME
  JAVA=java
elif [[ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]]; then
  echo ">> the java on the path is older than 21: using /usr/lib/jvm/temurin-25-jdk-amd64"
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
  export PATH=$JAVA_HOME/bin:$PATH
  JAVA=$JAVA_HOME/bin/java
else
  echo "a JDK 21 or newer is needed (set JAVA_HOME)" >&2
  exit 1
fi
