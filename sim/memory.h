// How the process's allocator treats memory that replications free.
#pragma once

namespace flowsim::sim {

// Asks the C library to keep memory that is freed for the next allocation, rather than hand it
// back to the system. A replication allocates and frees the same few megabytes (its events, its
// waiting list) and the next one allocates them again; glibc's defaults give blocks of over
// 128 KiB back to the system when they are freed, so every replication faulted its memory in
// afresh and copied it as it grew: about 700 page faults a replication of the acute-trust
// baseline where there are 80 with this, and 117 ms a replication where there are 113. Peak
// memory is not raised (bench/README.md): what is kept is what the next replication takes.
// Safe to call more than once, from any thread; does nothing where the C library is not glibc.
void retain_freed_memory();

}  // namespace flowsim::sim
