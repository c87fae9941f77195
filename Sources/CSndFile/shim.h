#ifndef VITNI_CSNDFILE_SHIM_H
#define VITNI_CSNDFILE_SHIM_H
#include <sndfile.h>
#endif
