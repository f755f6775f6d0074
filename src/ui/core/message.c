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
message_say_for (Message *msg, gint64 us, const char *fmt, ...)
{
  va_list ap;

  va_start (ap, fmt);
  message_say_va (msg, us, fmt, ap);
  va_end (ap);
}

void
message_clear (Message *msg)
{
  g_clear_pointer (&msg->text, g_free);
}

const char *
message_shown (const Message *msg)
{
  return msg->text && g_get_monotonic_time () < msg->until_us ? msg->text : NULL;
}
