/* input.h - keys and the mouse to what they do in the viewer. */
#pragma once

#include "viewer.h"

/* Handles KEY (a character when IS_CHAR, else a curses key code) as read
 * by wget_wch: in an open dialog by the dialog, else through the key
 * table (keys.h). */
void input_key (Viewer *v, int key, gboolean is_char);
