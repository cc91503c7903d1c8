#!/usr/bin/env python3
"""Golden data for Skein's matching decoder, from stim + PyMatching (run once; re-run to re-record).

    /work/venv/bin/pip install stim pymatching
    /work/venv/bin/python Tests/SkeinStabilizerTests/Golden/make_decoder_golden.py

It also writes decoder_repeat.dem (a hand-written model with repeat/shift_detectors/^) and
decoder_repeat_flat.dem (stim's `flattened()` of it, with a header giving stim's detector and
observable counts), so the parser's loop expansion is checked against stim's.

For d = 3 and 5 it writes, next to this script:
  decoder_d{d}.dem        stim's detector error model (decompose_errors=True), as text
  decoder_d{d}_shots.txt  one line per sampled shot:
                          "<actual obs mask> <pymatching predicted mask> <pymatching weight> : <fired detectors>"
The circuit is stim's rotated surface-code Z memory, 3 rounds, every noise channel at p = 0.005
(the SI1000-free "uniform" model of stim's generated circuits). Shots use a fixed seed.
"""
import pathlib
import numpy as np
import stim
import pymatching

HERE = pathlib.Path(__file__).resolve().parent
P = 0.005
SHOTS = 2000

for d, seed in [(3, 1234), (5, 5678)]:
    circuit = stim.Circuit.generated(
        "surface_code:rotated_memory_z",
        distance=d,
        rounds=3,
        after_clifford_depolarization=P,
        before_round_data_depolarization=P,
        before_measure_flip_probability=P,
        after_reset_flip_probability=P,
    )
    dem = circuit.detector_error_model(decompose_errors=True)
    (HERE / f"decoder_d{d}.dem").write_text(str(dem) + "\n")
    sampler = circuit.compile_detector_sampler(seed=seed)
    dets, obs = sampler.sample(SHOTS, separate_observables=True)
    matching = pymatching.Matching.from_detector_error_model(dem)
    pred, weights = matching.decode_batch(dets, return_weights=True)
    lines = [
        f"# stim {stim.__version__}, pymatching {pymatching.__version__}; rotated_memory_z d={d} rounds=3 p={P}; "
        f"{SHOTS} shots, seed {seed}; {dem.num_detectors} detectors, {dem.num_observables} observables",
        "# actual predicted pymatching_weight : fired detectors",
    ]
    for s in range(SHOTS):
        a = int(sum(int(b) << i for i, b in enumerate(obs[s])))
        p = int(sum(int(b) << i for i, b in enumerate(pred[s])))
        fired = " ".join(str(i) for i in np.flatnonzero(dets[s]))
        lines.append(f"{a} {p} {weights[s]:.9g} : {fired}")
    (HERE / f"decoder_d{d}_shots.txt").write_text("\n".join(lines) + "\n")
    errors = int(np.sum(np.any(pred != obs, axis=1)))
    print(f"d={d}: {dem.num_detectors} detectors, {SHOTS} shots, pymatching logical errors {errors}")

REPEAT_DEM = """# loops, shifts, coordinates and suggested decompositions
error(0.125) D0 D1 L0
repeat 3 {
    error(0.01) D0 D2 ^ D1
    detector(1, 2.5, 0) D0
    repeat 2 {
        error(0.02) D1 L1
        shift_detectors(0, 0, 0.5) 1
    }
    shift_detectors(10) 2
}
detector(7) D1
logical_observable L2
"""
rdem = stim.DetectorErrorModel(REPEAT_DEM)
(HERE / "decoder_repeat.dem").write_text(REPEAT_DEM)
(HERE / "decoder_repeat_flat.dem").write_text(
    f"# stim flattened(): num_detectors={rdem.num_detectors} num_observables={rdem.num_observables}\n"
    + str(rdem.flattened()) + "\n")
print(f"repeat model: {rdem.num_detectors} detectors, {rdem.num_observables} observables")
