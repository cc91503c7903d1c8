#!/usr/bin/env bash
# Build Qulacs from its PyPI source distribution with native CPU flags, into its own virtual
# environment, for the peer benchmark (issue 3: "the PyPI Qulacs wheel contains no AVX code at
# all, so also build Qulacs from its source distribution with native CPU flags and use the
# faster of the two").
#
# Qulacs' CMakeLists downloads Eigen (gitlab) and pybind11 (GitHub) at configure time; this
# machine reaches only PyPI and Debian, so the configure step is pointed at Debian's Eigen and
# at pybind11 from PyPI instead (two `sed` edits of the unpacked source, nothing else changed).
#
#   Benchmarks/peers/build-qulacs-native.sh [VENV] [VERSION]
#     VENV     default /work/venv-qulacs-native
#     VERSION  default 0.6.14 (the wheel version in the main benchmark venv)
# Then:  VENV/bin/python Benchmarks/peers/run.py --peers qulacs ...
set -euo pipefail
VENV=${1:-/work/venv-qulacs-native}
VERSION=${2:-0.6.14}
FLAGS=${QULACS_OPT_FLAGS:-"-march=native -mfpmath=both"}

if ! dpkg -s cmake libboost-dev libeigen3-dev >/dev/null 2>&1; then
  apt-get install -y cmake libboost-dev libeigen3-dev
fi
python3 -m venv "$VENV"
"$VENV/bin/pip" install --quiet --upgrade pip
"$VENV/bin/pip" install --quiet --upgrade numpy scipy "pybind11==2.13.5" "setuptools>=77" "setuptools_scm[toml]" wheel cmake

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
"$VENV/bin/pip" download --quiet --no-binary :all: --no-deps "qulacs==$VERSION" -d .
tar xzf "qulacs-$VERSION.tar.gz"
cd "qulacs-$VERSION"

PYBIND_DIR=$("$VENV/bin/python" -c 'import pybind11; print(pybind11.get_cmake_dir())')
python3 - "$PYBIND_DIR" <<'EOF'
import re, sys
pybind_dir = sys.argv[1]
s = open("CMakeLists.txt").read()
# Eigen: Debian's headers instead of the gitlab download (an empty `eigen` target keeps the
# add_dependencies() lines of the sub-projects valid).
s, n1 = re.subn(r"ExternalProject_Add\(\s*eigen\b.*?\n\)\n",
                "add_custom_target(eigen)\n", s, count=1, flags=re.S)
s = s.replace("set(EIGEN_INSTALL_DIR ${PROJECT_SOURCE_DIR}/include)",
              "set(EIGEN_INSTALL_DIR /usr/include/eigen3)")
# pybind11: the PyPI package's CMake config instead of the GitHub fetch.
s, n2 = re.subn(r"FetchContent_Declare\(\s*pybind11_fetch.*?add_subdirectory\(\$\{pybind11_fetch_SOURCE_DIR\}\)\n\t\tendif\(\)\n",
                f"find_package(pybind11 CONFIG REQUIRED PATHS {pybind_dir} NO_DEFAULT_PATH)\n", s, count=1, flags=re.S)
if n1 != 1 or n2 != 1:
    sys.exit(f"CMakeLists.txt layout changed (eigen {n1}, pybind11 {n2}); update this script")
open("CMakeLists.txt", "w").write(s)
EOF

QULACS_OPT_FLAGS="$FLAGS" USE_OMP=Yes nice "$VENV/bin/pip" install --no-build-isolation -v . > "$WORK/build.log" 2>&1 \
  || { tail -40 "$WORK/build.log"; exit 1; }
grep -m1 -o "OPT_FLAGS = .*" "$WORK/build.log" || true
grep -m1 -i -o "Found pybind11: .*" "$WORK/build.log" || true
"$VENV/bin/python" -c 'import qulacs; import numpy as np; s = qulacs.QuantumState(3); qulacs.gate.DenseMatrix(0, np.eye(2, dtype=complex)).update_quantum_state(s); print("qulacs", qulacs.__version__ if hasattr(qulacs, "__version__") else "?", "built and importable")'
