#ifndef SKEIN_CFFTW_SHIM_H
#define SKEIN_CFFTW_SHIM_H
#include <fftw3.h>
#endif
