# CPU by thread of one process, for a bench to say where a phase's CPU went.
#
#   thread_ticks PID > FILE
#       one line per thread group: "ticks name", user + system clock ticks so far of the process's threads whose name
#       (as the kernel keeps it, 15 characters) is the same once digits are replaced by #: the Kafka Streams threads,
#       the broker's request handlers, Tomcat's workers and so on each add up to one line.
#   thread_table BEFORE AFTER EVENTS [ROWS]
#       a Markdown table of the groups' CPU between two such files, in µs per event, the largest first (ROWS, 12).
#   jit_settle PID LOAD_PID PERCENT [SECONDS]
#       waits while LOAD_PID (a load generator) runs until the JIT compiler threads of JVM PID take under PERCENT of
#       its CPU over SECONDS (30): a freshly started JVM compiles for minutes, and on 2 cores that is part of every
#       figure measured meanwhile. Prints a line a window, "seconds cores compiler-cores compiler-percent" (seconds
#       since the call); its status is 0 once settled, 1 if the load ended first.
#   warm_until_settled PID PERCENT TSV LOG -- COMMAND...
#       runs COMMAND (a load generator's run, its output to LOG) in the background through jit_settle, the windows
#       shown indented and written to TSV, then stops it; its status is jit_settle's.
thread_ticks() {
  local pid=$1 task
  for task in /proc/"$pid"/task/*; do
    # comm may hold spaces; utime and stime are fields 14 and 15 of stat, counted after the ")" that ends comm.
    local name stat
    { name=$(tr -d '\n' < "$task/comm") && stat=$(< "$task/stat"); } 2>/dev/null || continue
    stat=${stat##*) }
    echo "$(echo "$stat" | awk '{print $12 + $13}') ${name//[0-9]/#}"
  done | awk '{ticks = $1; $1 = ""; sub(/^ /, ""); sum[$0] += ticks} END {for (n in sum) print sum[n], n}' | sort -rn
}

thread_table() {
  local before=$1 after=$2 events=$3 rows=${4:-12}
  echo "| threads | µs per event | share |"
  echo "| --- | ---: | ---: |"
  awk -v events="$events" -v hz="$(getconf CLK_TCK)" -v rows="$rows" '
    { ticks = $1; $1 = ""; sub(/^ /, ""); if (NR == FNR) { b[$0] = ticks; next } d[$0] = ticks - b[$0]; total += d[$0] }
    END {
      if (events == 0 || total == 0) exit
      n = 0
      for (k in d) order[++n] = k
      for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (d[order[j]] > d[order[i]]) { t = order[i]; order[i] = order[j]; order[j] = t }
      other = 0
      for (i = 1; i <= n; i++) {
        us = d[order[i]] * 1e6 / hz / events
        if (i <= rows) printf "| `%s` | %.1f | %.0f %% |\n", order[i], us, 100 * d[order[i]] / total
        else other += us
      }
      if (n > rows) printf "| (the other %d groups) | %.1f | |\n", n - rows, other
      printf "| all | %.1f | 100 %% |\n", total * 1e6 / hz / events
    }' "$before" "$after"
}

jit_ticks() { # pid: CPU clock ticks so far of its C1 and C2 compiler threads (cat goes on past threads that ended)
  cat /proc/"$1"/task/*/stat 2>/dev/null | awk '/^[0-9]+ \(C[12] CompilerThre\)/ { sub(/^.*\) /, ""); t += $12 + $13 } END { print t + 0 }'
}

jit_settle() {
  local pid=$1 load=$2 percent=$3 window=${4:-30} start t0 j0 c0 t1 j1 c1
  start=$(date +%s%3N)
  t0=$start
  j0=$(proc_ticks "$pid")
  c0=$(jit_ticks "$pid")
  while kill -0 "$load" 2>/dev/null; do
    sleep "$window"
    t1=$(date +%s%3N)
    j1=$(proc_ticks "$pid")
    c1=$(jit_ticks "$pid")
    awk -v s=$(((t1 - start) / 1000)) -v ms=$((t1 - t0)) -v hz="$(getconf CLK_TCK)" -v j=$((j1 - j0)) -v c=$((c1 - c0)) \
      'BEGIN { printf "%d %.2f %.2f %.1f\n", s, j * 1000 / hz / ms, c * 1000 / hz / ms, (j > 0 ? 100 * c / j : 0) }'
    (( j1 > j0 && (c1 - c0) * 100 < (j1 - j0) * percent )) && return 0
    t0=$t1 j0=$j1 c0=$c1
  done
  return 1
}

warm_until_settled() {
  local - pid=$1 percent=$2 tsv=$3 log=$4 load status=0
  set -o pipefail # jit_settle's status through tee and sed, whatever the caller's options (restored on return)
  shift 5
  "$@" > "$log" 2>&1 &
  load=$!
  jit_settle "$pid" "$load" "$percent" | tee "$tsv" | sed 's/^/   /' || status=$?
  kill "$load" 2>/dev/null || true
  wait "$load" 2>/dev/null || true
  return "$status"
}
