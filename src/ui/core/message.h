/* message.h - what the viewer says in the function bar's place for a
 * while: why a key did nothing, where the time cursor stopped. */
#pragma once

#include <glib.h>

/* How long a message stays unless said otherwise. */
#define MESSAGE_US (4 * G_USEC_PER_SEC)

/* The message; all zero: none. */
typedef struct {
  char *text;
  gint64 until_us;   /* g_get_monotonic_time () it stays until */
  gboolean until_key;  /* it stays until a key is pressed */
} Message;

/* Says FMT for MESSAGE_US, replacing what was said. */
void message_say (Message *msg, const char *fmt, ...) G_GNUC_PRINTF (2, 3);

/* Says FMT until a key is pressed (message_key): what must be read, such
 * as the settings file's warnings at start. */
void message_say_until_key (Message *msg, const char *fmt, ...) G_GNUC_PRINTF (2, 3);

/* A key was pressed: a message said until one goes. */
void message_key (Message *msg);

/* Takes the message away (and frees it): the function bar shows again. */
void message_clear (Message *msg);

/* The text while it shows, else NULL. */
const char *message_shown (const Message *msg);
