#ifndef VITNI_CLIBCRYPTO_SHIM_H
#define VITNI_CLIBCRYPTO_SHIM_H
#include <openssl/evp.h>
#endif
