#include "sim/memory.h"

#include <cstdlib>  // defines __GLIBC__ where the C library is glibc

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace flowsim::sim {

void retain_freed_memory() {
#if defined(__GLIBC__)
  // Setting either threshold also stops glibc from moving them by itself.
  static const bool done = [] {
    mallopt(M_MMAP_THRESHOLD, 32 << 20);  // blocks below 32 MiB come from the heap
    mallopt(M_TRIM_THRESHOLD, 64 << 20);  // the heap keeps up to 64 MiB free at its top
    return true;
  }();
  (void)done;
#endif
}

}  // namespace flowsim::sim
