/* monitor.c - placeholder, being written */
#include <glib.h>
