/* filter.c - placeholder, being written */
#include "model/filter.h"
