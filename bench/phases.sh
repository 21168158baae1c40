#!/usr/bin/env bash
# Where a boot's time went, from a karaf.log (bench/boot.sh -k keeps them in bench/target/logs):
# seconds since the JVM started (taken from Jetty's "Logging initialized @N ms") to each phase.
#   bench/phases.sh bench/target/logs/*.log
for log in "$@"; do
  awk -v name="$(basename "$log")" '
    function ms(line,   t, h, m, s) {   # 2026-12-06T16:02:38,209 -> ms of the day
      t = substr(line, 12, 12); h = substr(t, 1, 2); m = substr(t, 4, 2); s = substr(t, 7, 2) "." substr(t, 10, 3)
      return ((h * 60 + m) * 60 + s) * 1000
    }
    /^20[0-9][0-9]-/ { t = ms($0) }
    /Logging initialized @/ { match($0, /@[0-9]+ms/); jvm = t - substr($0, RSTART + 1, RLENGTH - 3) }
    /Adding features:/ && !adding { adding = t }
    /FeaturesServiceImpl .*\| Changes to perform:/ && !resolved { resolved = t }
    /FeaturesServiceImpl .*\| Starting bundles:/ && !starting { starting = t }
    /FeaturesServiceImpl .*\|   io\.devrig\./ && starting && !devrig { devrig = t }
    /name=.devrig-health./ && !health { health = t }
    /FeaturesServiceImpl .*\| Done\./ && !done { done = t }
    /ssh server private key/ && !hostkey { hostkey = t }
    /Session .* authenticated/ && !ssh { ssh = t }
    function p(label, v) { if (v) printf "  %-34s %6.2f s\n", label, (v - jvm) / 1000 }
    END {
      print name
      p("features: resolution starts", adding); p("features: resolved, installing", resolved)
      p("features: bundles start", starting)
      p("first DevRig bundle starts", devrig); p("health servlet registered", health)
      p("features: done", done); p("ssh host key generation starts", hostkey); p("first ssh session authenticated", ssh)
    }' "$log"
done
