#ifndef SKEIN_CBLAS_SHIM_H
#define SKEIN_CBLAS_SHIM_H
#include <cblas.h>

/* LAPACK routines shipped inside libopenblas (Fortran calling convention). */
typedef struct { double re, im; } skein_lapack_complex_double;

void zgeev_(const char *jobvl, const char *jobvr, const int *n,
            skein_lapack_complex_double *a, const int *lda,
            skein_lapack_complex_double *w,
            skein_lapack_complex_double *vl, const int *ldvl,
            skein_lapack_complex_double *vr, const int *ldvr,
            skein_lapack_complex_double *work, const int *lwork,
            double *rwork, int *info);

void zheev_(const char *jobz, const char *uplo, const int *n,
            skein_lapack_complex_double *a, const int *lda, double *w,
            skein_lapack_complex_double *work, const int *lwork,
            double *rwork, int *info);
#endif
