"""Shared helpers for the QEC peer comparisons (stim + PyMatching vs skein)."""
import json, os, resource, subprocess, time
from scipy.stats import beta

GRID_D = (3, 5, 7)
GRID_P = (0.001, 0.002, 0.005, 0.01)
TARGET_ERRORS = 500
MAX_SHOTS = 200_000
CHUNK = 10_000

def clopper_pearson(k, n, conf=0.95):
    a = 1 - conf
    lo = 0.0 if k == 0 else float(beta.ppf(a / 2, k, n - k + 1))
    hi = 1.0 if k == n else float(beta.ppf(1 - a / 2, k + 1, n - k))
    return lo, hi

def stim_circuit(d, p, rounds=None, basis="z"):
    import stim
    return stim.Circuit.generated(f"surface_code:rotated_memory_{basis}", distance=d, rounds=rounds or d,
                                  after_clifford_depolarization=p, before_round_data_depolarization=p,
                                  before_measure_flip_probability=p, after_reset_flip_probability=p)

def stim_pymatching(d, p, max_shots, target_errors=None, seed=1, chunk=CHUNK):
    """Samples with stim and decodes with PyMatching; returns (shots, errors, wall s, cpu s)."""
    import numpy as np, pymatching
    t0, c0 = time.perf_counter(), time.process_time()
    c = stim_circuit(d, p)
    m = pymatching.Matching.from_detector_error_model(c.detector_error_model(decompose_errors=True))
    sampler = c.compile_detector_sampler(seed=seed)
    shots = errors = 0
    while shots < max_shots and (target_errors is None or errors < target_errors):
        n = min(chunk, max_shots - shots)
        det, obs = sampler.sample(n, separate_observables=True)
        pred = m.decode_batch(det)
        errors += int(np.sum(np.any(pred != obs, axis=1)))
        shots += n
    return shots, errors, time.perf_counter() - t0, time.process_time() - c0

def skein_binary():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    return os.environ.get("SKEIN", os.path.join(root, ".build", "release", "skein"))

def skein_memory(d, p, shots, max_errors=None, seed=1, threads=1, decoder="mwpm"):
    """Runs `skein qec memory`; returns (json result, wall s, child cpu s)."""
    cmd = [skein_binary(), "qec", "memory", "--distance", str(d), "--rounds", str(d), "--noise", "circuit",
           "--p", str(p), "--shots", str(shots), "--seed", str(seed), "--threads", str(threads),
           "--decoder", decoder, "--format", "json"]
    if max_errors:
        cmd += ["--max-errors", str(max_errors)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    # OpenBLAS (linked for the state-vector side; never called by `skein qec`) starts its thread
    # pool when the library loads, and the idle workers spin with sched_yield for ~0.1 s of CPU
    # (perf on a 1-shot run: ~40 % of its samples). Skein runs BLAS single-threaded inside its own
    # threads anyway, so the benchmark starts skein with one OpenBLAS thread (notes/qec.md).
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1")
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env).stdout
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return json.loads(out), wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
