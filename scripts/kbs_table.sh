#!/bin/sh
# Regenerates the KBS table of notes/compiling.md: ε → length, distance, seconds for three
# targets. Usage: scripts/kbs_table.sh [path/to/skein]   (release build recommended:
#   swift build -c release --product skein -Xswiftc -target-cpu -Xswiftc native)
SKEIN=${1:-.build/release/skein}
echo "load average: $(cat /proc/loadavg)"
echo "| target | ε | length | F gates | operator distance | trace distance | seconds | candidates / norm eqs |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
for t in "rz(pi)" "t" "rz(1.2345678)" "h"; do
  for e in 1e-2 1e-3 1e-4 1e-5 1e-6 1e-7 1e-8 1e-9 1e-10; do
    "$SKEIN" compile "$t" --method kbs --epsilon $e --seed 1 --format json | python3 -c "
import json, sys
d = json.load(sys.stdin); k = d['kbs']
print('| %s | %s | %d | %d | %.3e | %.3e | %.3f | %d / %d |' % ('$t', '$e', d['length'], k['f_count'], d['distance_operator'], d['distance_trace'], d['seconds'], k['candidates'], k['norm_equations']))"
  done
done
echo "load average: $(cat /proc/loadavg)"
