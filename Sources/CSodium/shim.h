#ifndef VITNI_CSODIUM_SHIM_H
#define VITNI_CSODIUM_SHIM_H
#include <sodium.h>
#endif
