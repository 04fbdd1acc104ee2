# CPU by thread of one process, for a bench to say where a phase's CPU went.
#
#   thread_ticks PID > FILE
#       one line per thread group: "ticks name", user + system clock ticks so far of the process's threads whose name
#       (as the kernel keeps it, 15 characters) is the same once digits are replaced by #: the Kafka Streams threads,
#       the broker's request handlers, Tomcat's workers and so on each add up to one line.
#   thread_table BEFORE AFTER EVENTS [ROWS]
#       a Markdown table of the groups' CPU between two such files, in µs per event, the largest first (ROWS, 12).
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
