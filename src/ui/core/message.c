/* message.c - the function bar's message (see message.h). */
#include "message.h"

/* Says FMT, AP for US microseconds. */
static void message_say_va (Message *msg, gint64 us, const char *fmt, va_list ap)
  G_GNUC_PRINTF (3, 0);

static void
message_say_va (Message *msg, gint64 us, const char *fmt, va_list ap)
{
  g_free (msg->text);
  msg->text = g_strdup_vprintf (fmt, ap);
  msg->until_us = g_get_monotonic_time () + us;
  msg->until_key = FALSE;
}

void
message_say (Message *msg, const char *fmt, ...)
{
  va_list ap;

  va_start (ap, fmt);
  message_say_va (msg, MESSAGE_US, fmt, ap);
  va_end (ap);
}

void
message_say_until_key (Message *msg, const char *fmt, ...)
{
  va_list ap;

  va_start (ap, fmt);
  message_say_va (msg, 0, fmt, ap);
  va_end (ap);
  msg->until_us = G_MAXINT64;
  msg->until_key = TRUE;
}

void
message_key (Message *msg)
{
  if (msg->until_key)
    message_clear (msg);
}

void
message_clear (Message *msg)
{
  g_clear_pointer (&msg->text, g_free);
  msg->until_key = FALSE;
}

const char *
message_shown (const Message *msg)
{
  return msg->text && g_get_monotonic_time () < msg->until_us ? msg->text : NULL;
}
