#ifndef SKEIN_CSKEINCPU_H
#define SKEIN_CSKEINCPU_H

/// Floating-point environment of the calling thread, for Skein's state-vector kernels.
///
/// `skein_denormals_off` turns on flush-to-zero and denormals-are-zero (x86-64: MXCSR bits
/// FTZ and DAZ; AArch64: FPCR.FZ) and returns the previous setting for `skein_float_env_restore`.
/// Subnormal operands make SIMD arithmetic take microcode assists of about a hundred cycles on
/// x86; amplitudes that decay below the smallest normal number (1.2e-38 in single precision)
/// then slow a kernel down twenty-fold. Flushing them changes an amplitude by less than that
/// number, far below single precision's resolution of a normalised state. On other
/// architectures both functions do nothing.
unsigned long long skein_denormals_off(void);
void skein_float_env_restore(unsigned long long previous);

#endif
