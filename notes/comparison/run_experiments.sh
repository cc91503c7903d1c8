#!/bin/sh
# Re-runs the comparison experiments recorded in notes/comparison.md (release build:
# swift build -c release -Xswiftc -target-cpu -Xswiftc native --product skein).
# Each command's load average before and after goes to notes/comparison/loadavg.txt.
set -e
R=${SKEIN:-.build/release/skein}
O=notes/comparison
run() { name=$1; shift; echo "$name before: $(cat /proc/loadavg)" >> $O/loadavg.txt; start=$(date +%s)
        nice $R compare "$@"; echo "$name after: $(cat /proc/loadavg) ($(( $(date +%s) - start )) s)" >> $O/loadavg.txt; }
run overhead --overhead --shots 100000 --max-errors 300 --threads 2 --seed 2 --output $O/overhead.txt
run overhead_majorana_L20 --overhead --platform majorana --length-over-coherence 20 --shots 100000 --seed 3 --threads 2 --output $O/overhead_majorana_L20.txt
run majorana_T --sweep --platform majorana --parameter temperature-over-gap --values 0.03,0.05,0.07,0.1,0.15,0.2 --operation idle --operation-time 1us --basis plus --length-over-coherence 20 --shots 20000 --seed 5 --threads 2 --svg $O/sweep_majorana_T.svg --output $O/sweep_majorana_T.txt
run majorana_L --sweep --platform majorana --parameter length-over-coherence --values 8,10,12,14,16,20 --operation exchange --basis plus --shots 20000 --seed 6 --threads 2 --svg $O/sweep_majorana_L.svg --output $O/sweep_majorana_L.txt
run majorana_time --sweep --platform majorana --parameter operation-time --values 100ns,1us,10us,100us,1ms --operation idle --basis zero --shots 20000 --seed 7 --threads 2 --svg $O/sweep_majorana_time.svg --output $O/sweep_majorana_time.txt
run fibonacci_T --sweep --platform fibonacci --parameter temperature-over-gap --values 0.03,0.05,0.07,0.1,0.15 --shots 20000 --seed 8 --threads 2 --svg $O/sweep_fibonacci_T.svg --output $O/sweep_fibonacci_T.txt
run fibonacci_time --sweep --platform fibonacci --parameter gate-time --values 10ns,100ns,1us,10us --shots 20000 --seed 9 --threads 2 --svg $O/sweep_fibonacci_time.svg --output $O/sweep_fibonacci_time.txt
run transmon_willow --sweep --noise google-willow --p 0.25,0.5,0.75,1 --distances 3,5,7 --shots 50000 --max-errors 200 --seed 10 --threads 2 --svg $O/sweep_transmon_willow.svg --output $O/sweep_transmon_willow.txt
run transmon_circuit --sweep --noise circuit --p 0.002,0.003,0.005,0.007 --distances 3,5,7 --shots 100000 --max-errors 200 --seed 4 --threads 2 --svg $O/sweep_transmon_circuit.svg --output $O/sweep_transmon_circuit.txt
run overhead_majorana_nature_L20 --overhead --platform majorana --majorana-preset nature2025 --length-over-coherence 20 --shots 100000 --seed 3 --threads 2 --output $O/overhead_majorana_nature_L20.txt
run analytic --analytic --shots 400000 --max-errors 200 --decoder mwpm --calibration-p 0.002,0.004 --threads 2 --seed 1 --format json --output $O/analytic.json
