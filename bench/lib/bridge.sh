# Sourced by bench/peer/run.sh and bench/e2e/run.sh: where the Strimzi Kafka Bridge's distribution is when it was built
# from its source under /tmp/peer/bridge (see bench/peer/run.sh), or nothing.
#
#   default_bridge_home     prints the distribution's folder (no trailing slash), or nothing
default_bridge_home() {
  local home
  home=$(ls -d /tmp/peer/bridge/target/kafka-bridge-*/kafka-bridge-*/ 2>/dev/null | head -1 || true)
  echo "${home%/}"
}
