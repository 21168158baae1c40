#!/usr/bin/env bash
# Boot benchmark: DevRig's /health/ready against a bare Karaf 4.4.10 with the same boot
# features answering its console, alternating fresh unpacks in one run.
#
#   bench/boot.sh [-n ROUNDS] [-k] [-b ARCHIVE]   (from the repository root; ROUNDS defaults to 4)
#
# Needs: the DevRig distribution (karaf-assembly/target/devrig-*.tar.gz, built by the README's
# build command), JDK 17, curl, and ssh (OpenSSH >= 8.4; without it Karaf's bin/client is used,
# whose own JVM start then lands in both console figures). The bare Karaf is built here once,
# offline, from bench/karaf-bare/pom.xml; pass extra Maven flags in MVN_ARGS
# (e.g. MVN_ARGS=-Dmaven.repo.local=/path/to/repo); DEVRIG_TGZ=<archive> measures another DevRig
# build than karaf-assembly/target's. -k keeps each round's data/log/karaf.log
# in bench/target/logs/ for reading where the time went. -b ARCHIVE adds a second DevRig build
# (e.g. one from before a change) to every round, so two builds compare in one run.
#
# Each round unpacks each archive into a new temporary folder, starts it with `bin/karaf daemon`
# (the script execs the JVM, so the PID is the server's), and measures from just before the
# start to: the console answering a command over SSH (port 8101), and for DevRig
# /health/ready answering 200 (port 8181), polled every 0.1 s by its own loop (an SSH attempt
# blocks while the server makes its host key; readiness must not wait for it). DevRig's console is
# asked only after it is ready, so the host key search of the first login (random, 0.3-2 s of one
# CPU) stays out of the readiness figure; the bare Karaf's console figure includes it, as it must.
# The order rotates each round (bare first, then DevRig first, ...). Resident memory (VmRSS) is
# read once both are reached and 5 s have passed. Every server is stopped by its PID and its
# folder deleted before the next one starts, so the default ports are never used by two at once.
# Prints each round, the medians and the ratios.
set -euo pipefail

ROUNDS=4
KEEP_LOGS=false
B_TGZ=""
while getopts "n:kb:" opt; do
  case "$opt" in
    n) ROUNDS="$OPTARG" ;;
    k) KEEP_LOGS=true ;;
    b) B_TGZ="$(cd "$(dirname "$OPTARG")" && pwd)/$(basename "$OPTARG")" ;;
    *) echo "usage: $0 [-n ROUNDS] [-k] [-b ARCHIVE]" >&2; exit 2 ;;
  esac
done

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
# DEVRIG_TGZ=/path/to/devrig-*.tar.gz measures another build (e.g. one from before a change)
DEVRIG_TGZ="${DEVRIG_TGZ:-$(ls "$ROOT"/karaf-assembly/target/devrig-*.tar.gz 2>/dev/null | head -1 || true)}"
BARE_TGZ="$ROOT/bench/karaf-bare/target/karaf-bare-4.4.10.tar.gz"
TIMEOUT_S=180
SETTLE_S=5
SSH_PORT=8101
HTTP_PORT=8181

if [ -z "$DEVRIG_TGZ" ]; then
  echo "no karaf-assembly/target/devrig-*.tar.gz: build DevRig first (README, 'The two commands')" >&2
  exit 1
fi
if [ ! -f "$BARE_TGZ" ]; then
  echo "building the bare Karaf baseline (bench/karaf-bare) ..." >&2
  # shellcheck disable=SC2086
  mvn -q -o ${MVN_ARGS:-} -f "$ROOT/bench/karaf-bare/pom.xml" package
fi

now_ms() { date +%s%3N; }

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

WORK=""
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=""
  if [ -n "$WORK" ]; then rm -rf "$WORK"; WORK=""; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# One command through the console; the password is read from a file at each try (DevRig
# writes its admin password only once the realm is ready).
console_answers() { # home user passwordfile
  local home="$1" user="$2" pwfile="$3"
  [ -s "$pwfile" ] || return 1
  port_busy "$SSH_PORT" || return 1
  if command -v ssh >/dev/null; then
    local askpass="$home/.bench-askpass"
    [ -x "$askpass" ] || { printf '#!/bin/sh\ncat "%s"\n' "$pwfile" >"$askpass"; chmod 700 "$askpass"; }
    SSH_ASKPASS="$askpass" SSH_ASKPASS_REQUIRE=force DISPLAY=none \
      timeout 10 ssh -p "$SSH_PORT" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
        -o LogLevel=ERROR -o PubkeyAuthentication=no -o NumberOfPasswordPrompts=1 -o ConnectTimeout=2 \
        "$user@127.0.0.1" "echo bench-ok" </dev/null 2>/dev/null | grep -q bench-ok
  else
    echo "echo bench-ok" | timeout 20 "$home/bin/client" -u "$user" -p "$(cat "$pwfile")" -b 2>/dev/null | grep -q bench-ok
  fi
}

ready_answers() {
  [ "$(curl -s -o /dev/null -m 3 -w '%{http_code}' "http://127.0.0.1:$HTTP_PORT/health/ready" 2>/dev/null)" = 200 ]
}

# run KIND ROUND -> sets RES_C (console ms), RES_R (ready ms, "-" for bare), RES_M (RSS MiB)
run() {
  local kind="$1" round="$2" tgz home user pwfile
  for p in "$SSH_PORT" "$HTTP_PORT"; do
    if port_busy "$p"; then echo "port $p is in use: stop whatever listens there first" >&2; exit 1; fi
  done
  WORK="$(mktemp -d "${TMPDIR:-/tmp}/devrig-boot-bench.XXXXXX")"
  case "$kind" in bare) tgz="$BARE_TGZ" ;; devrigb) tgz="$B_TGZ" ;; *) tgz="$DEVRIG_TGZ" ;; esac
  tar -xzf "$tgz" -C "$WORK"
  sync # the unpack's (and the previous round's) writes go to disk before the clock starts, not during the boot
  home="$(ls -d "$WORK"/*/)"; home="${home%/}"
  if [ "$kind" = bare ]; then
    # Karaf 4.4 ships no enabled user: one for the console, as an admin would add before starting
    user=bench; pwfile="$WORK/bench-password"; echo "bench-$RANDOM$RANDOM" >"$pwfile"
    printf '\n%s = %s,_g_:admingroup\n_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh\n' \
      "$user" "$(cat "$pwfile")" >>"$home/etc/users.properties"
  else
    user=admin; pwfile="$home/data/devrig/initial-admin-password"
  fi

  local t0 console="" ready="" t readyfile="$WORK/bench-ready-ms" poller=""
  t0=$(now_ms)
  "$home/bin/karaf" daemon >/dev/null 2>&1 </dev/null &
  SERVER_PID=$!
  if [ "$kind" = bare ]; then
    ready="-"
  else
    # Readiness is polled by its own loop: an SSH attempt blocks for as long as the server takes
    # to make its host key and log in (1-2 s), and a ready that came meanwhile must not wait for it.
    ( while kill -0 "$SERVER_PID" 2>/dev/null; do
        if ready_answers; then echo $(( $(now_ms) - t0 )) >"$readyfile.tmp"; mv "$readyfile.tmp" "$readyfile"; exit 0; fi
        sleep 0.1
      done ) &
    poller=$!
  fi
  while [ -z "$console" ] || [ -z "$ready" ]; do
    t=$(( $(now_ms) - t0 ))
    if [ "$t" -gt $((TIMEOUT_S * 1000)) ]; then
      echo "$kind round $round: not up after ${TIMEOUT_S}s (log: $home/data/log/karaf.log)" >&2
      tail -20 "$home/data/log/karaf.log" >&2 || true
      exit 1
    fi
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "$kind round $round: server exited" >&2; exit 1; }
    if [ -z "$ready" ] && [ -s "$readyfile" ]; then ready=$(cat "$readyfile"); fi
    # DevRig's console is asked only once it is ready: the first SSH login makes the server search
    # an RSA host key (0.3-2 s of one CPU, random), which must not land inside the readiness figure
    if [ -z "$console" ] && [ -n "$ready" ] && console_answers "$home" "$user" "$pwfile"; then
      console=$(( $(now_ms) - t0 ))
    fi
    sleep 0.1
  done
  [ -n "$poller" ] && wait "$poller" 2>/dev/null || true
  sleep "$SETTLE_S"
  local rss
  rss=$(awk '/^VmRSS/ { printf "%d", $2 / 1024 }' "/proc/$SERVER_PID/status")
  if $KEEP_LOGS; then
    mkdir -p "$ROOT/bench/target/logs"
    cp "$home/data/log/karaf.log" "$ROOT/bench/target/logs/$kind-$round.log" 2>/dev/null || true
  fi
  cleanup
  RES_C="$console"; RES_R="$ready"; RES_M="$rss"
}

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%d\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
secs() { awk -v ms="$1" 'BEGIN { printf "%.2f s", ms / 1000 }'; }

echo "boot benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), $ROUNDS rounds, $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "  bare:   $BARE_TGZ"
echo "  DevRig: $DEVRIG_TGZ"
KINDS=(bare devrig)
if [ -n "$B_TGZ" ]; then echo "  DevRig B: $B_TGZ"; KINDS+=(devrigb); fi
BARE_C=(); BARE_R=(); DEV_C=(); DEV_R=(); DEV_RSS=(); B_C=(); B_R=(); B_RSS=(); PAIRED=()
for round in $(seq 1 "$ROUNDS"); do
  order=()
  for i in "${!KINDS[@]}"; do order+=("${KINDS[$(( (i + round - 1) % ${#KINDS[@]} ))]}"); done
  for kind in "${order[@]}"; do
    run "$kind" "$round"; c="$RES_C"; r="$RES_R"; m="$RES_M"
    [ "$kind" = bare ] && round_bare="$c"
    [ "$kind" = devrig ] && round_ready="$r"
    case "$kind" in
      bare)
        BARE_C+=("$c"); BARE_R+=("$m")
        echo "round $round  bare      console $(secs "$c")                    RSS $m MiB" ;;
      devrig)
        DEV_C+=("$c"); DEV_R+=("$r"); DEV_RSS+=("$m")
        echo "round $round  DevRig    console $(secs "$c")  ready $(secs "$r")  RSS $m MiB" ;;
      devrigb)
        B_C+=("$c"); B_R+=("$r"); B_RSS+=("$m")
        echo "round $round  DevRig B  console $(secs "$c")  ready $(secs "$r")  RSS $m MiB" ;;
    esac
  done
  # the same round's pair: boots minutes apart share the machine's load better than medians do
  PAIRED+=("$(awk -v a="$round_ready" -v b="$round_bare" 'BEGIN { printf "%d", 1000 * a / b }')")
done
bc=$(printf '%s\n' "${BARE_C[@]}" | median); bm=$(printf '%s\n' "${BARE_R[@]}" | median)
dc=$(printf '%s\n' "${DEV_C[@]}" | median); dr=$(printf '%s\n' "${DEV_R[@]}" | median)
dm=$(printf '%s\n' "${DEV_RSS[@]}" | median)
echo "medians: bare console $(secs "$bc"), DevRig console $(secs "$dc"), DevRig ready $(secs "$dr")"
echo "ratio DevRig ready / bare console:   $(awk -v a="$dr" -v b="$bc" 'BEGIN { printf "%.2fx", a / b }')  (goal <= 1.2x)"
echo "median of the rounds' own ratios (ready / bare console): $(printf '%s\n' "${PAIRED[@]}" | median | awk '{ printf "%.2fx", $1 / 1000 }')"
echo "ratio DevRig console / bare console: $(awk -v a="$dc" -v b="$bc" 'BEGIN { printf "%.2fx", a / b }')"
echo "RSS medians: bare $bm MiB, DevRig $dm MiB"
if [ -n "$B_TGZ" ]; then
  br=$(printf '%s\n' "${B_R[@]}" | median); bbm=$(printf '%s\n' "${B_RSS[@]}" | median)
  echo "DevRig B: ready $(secs "$br"), $(awk -v a="$br" -v b="$bc" 'BEGIN { printf "%.2fx", a / b }') the bare console, RSS $bbm MiB;" \
    "DevRig ready / DevRig B ready: $(awk -v a="$dr" -v b="$br" 'BEGIN { printf "%.2fx", a / b }')"
fi
