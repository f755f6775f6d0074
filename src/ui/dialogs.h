/* dialogs.h - the viewer's modal input: the search and filter prompts, the
 * user picker, the signal menu with its confirmation, and the help and
 * details over the body.  Each opens from normal mode and takes every key
 * until it closes (Esc, Enter). */
#pragma once

#include "viewer.h"

/* Opens the search (MODE VIEWER_MODE_SEARCH) or filter prompt
 * (VIEWER_MODE_FILTER), starting from TEXT (may be NULL). */
void dialogs_prompt (Viewer *v, ViewerMode mode, const char *text);

/* Opens the user picker: all users, then each uid seen. */
void dialogs_users (Viewer *v);

/* Opens the signal menu for the selected process (live sources only). */
void dialogs_signal (Viewer *v);

/* Opens the setup picker: the optional columns, the colour scheme. */
void dialogs_setup (Viewer *v);

/* Opens the sort picker. */
void dialogs_sort (Viewer *v);

/* The lines of the setup (VIEWER_MODE_SETUP) or sort picker as drawn,
 * headings included; *SEL is the line of the selected entry.  Returns a new
 * array of new strings. */
GPtrArray *dialogs_picker_lines (Viewer *v, gint *sel);

/* Handles KEY (a character when IS_CHAR, else a curses key) in the open
 * dialog. */
void dialogs_key (Viewer *v, int key, gboolean is_char);

/* Entry I of the signal menu ("SIGTERM 15") written into BUF, or NULL past
 * the end. */
const char *dialogs_signal_label (gint i, char *buf, gsize size);
