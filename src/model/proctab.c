/* proctab.c - placeholder, being written */
#include "model/proctab.h"
