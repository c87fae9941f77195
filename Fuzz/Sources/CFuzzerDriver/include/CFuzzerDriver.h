#ifndef VITNI_FUZZER_DRIVER_H
#define VITNI_FUZZER_DRIVER_H
#include <stddef.h>
#include <stdint.h>

/// libFuzzer's entry for programs that have a main of their own (LLVM 11 and later): SwiftPM
/// gives every executable one, so the fuzzers call this instead of linking libFuzzer's main.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
