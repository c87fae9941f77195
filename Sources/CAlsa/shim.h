#ifndef VITNI_CALSA_SHIM_H
#define VITNI_CALSA_SHIM_H
#include <alsa/asoundlib.h>
#endif
