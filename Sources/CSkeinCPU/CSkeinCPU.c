#include "CSkeinCPU.h"

#if defined(__x86_64__) || defined(__i386__)
#include <xmmintrin.h>

unsigned long long skein_denormals_off(void) {
    unsigned int previous = _mm_getcsr();
    /* 0x8000 flush-to-zero, 0x0040 denormals-are-zero */
    _mm_setcsr(previous | 0x8040u);
    return previous;
}

void skein_float_env_restore(unsigned long long previous) {
    _mm_setcsr((unsigned int)previous);
}

#elif defined(__aarch64__)

unsigned long long skein_denormals_off(void) {
    unsigned long long previous;
    __asm__ volatile("mrs %0, fpcr" : "=r"(previous));
    __asm__ volatile("msr fpcr, %0" : : "r"(previous | (1ull << 24)));
    return previous;
}

void skein_float_env_restore(unsigned long long previous) {
    __asm__ volatile("msr fpcr, %0" : : "r"(previous));
}

#else

unsigned long long skein_denormals_off(void) { return 0; }
void skein_float_env_restore(unsigned long long previous) { (void)previous; }

#endif
