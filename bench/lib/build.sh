# Sourced by the benchmark scripts: builds the platform, the load generator and the benchmark classes, and copies
# what a run needs into the run's own folder.
#
#   build_for_bench WORK   the jars go to WORK/jars; BENCH_CP is the benchmark class path over a private copy of the
#                          compiled classes (a build running at the same time in this tree cannot change them mid-run)
build_for_bench() {
  local work=$1 module
  # shellcheck disable=SC2086
  ./mvnw -q ${MVN_ARGS:-} -DskipTests package
  # shellcheck disable=SC2086
  ./mvnw -q ${MVN_ARGS:-} -pl benchmarks -am compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$work/classpath.txt"
  mkdir -p "$work/jars" "$work/classes"
  cp platform-dev/target/bss-platform-dev.jar loadgen/target/bss-loadgen-exec.jar "$work/jars/"
  BENCH_CP=$(cat "$work/classpath.txt")
  for module in event-model devservices platform loadgen benchmarks; do
    cp -r "$module/target/classes" "$work/classes/$module"
    BENCH_CP=${BENCH_CP//$ROOT\/$module\/target\/classes/$work\/classes\/$module}
  done
  BENCH_CP="$work/classes/benchmarks:$BENCH_CP"
}
