/* text.c - the human-readable event log (see text.h). */
#include "text.h"

#include "escape.h"

/* Column widths (the details column is last and unbounded). */
enum {
  TEXT_W_EVENT = 8,
  TEXT_W_PID = 7,
  TEXT_W_USER = 8,
  TEXT_W_COMM = 16,
};

void
text_header (GString *out)
{
  g_string_append_printf (out, "%-12s %-*s %-*s %-*s %-*s %-*s %s\n", "TIME",
                          TEXT_W_EVENT, "EVENT", TEXT_W_PID, "PID",
                          TEXT_W_PID, "PPID", TEXT_W_USER, "USER",
                          TEXT_W_COMM, "COMM", "DETAILS");
}

/* Appends a pid right after a space, left-aligned in its column; 0 is "-". */
static void
text_pid (GString *out, gint pid)
{
  if (pid > 0)
    g_string_append_printf (out, " %-*d", TEXT_W_PID, pid);
  else
    g_string_append_printf (out, " %-*s", TEXT_W_PID, "-");
}

/* Appends the effective user column. */
static void
text_user (GString *out, const Event *ev, const Proc *p, WordsUserName names)
{
  char num[16];
  const char *shown = "-";
  gboolean known = TRUE;
  guint32 euid = 0;

  if (ev->kind == EVENT_UID || (ev->flags & EVENT_F_CREDS))
    euid = ev->euid;
  else if (p && (p->flags & PROC_F_CREDS))
    euid = p->euid;
  else
    known = FALSE;
  if (known)
    {
      shown = names ? names (euid) : NULL;
      if (!shown)
        {
          g_snprintf (num, sizeof num, "%u", euid);
          shown = num;
        }
    }
  g_string_append_c (out, ' ');
  escape_append_padded (out, shown, TEXT_W_USER);
}

TextTone
text_tone (const Event *ev)
{
  switch (ev->kind)
    {
    case EVENT_LOST:
      return TEXT_TONE_ALERT;
    case EVENT_EXIT:
      if (!event_ends_process (ev))
        return TEXT_TONE_PLAIN;  /* a thread: the process goes on */
      G_GNUC_FALLTHROUGH;
    case EVENT_COREDUMP:
      return event_failed (ev) ? TEXT_TONE_FAILED : TEXT_TONE_ENDED;
    case EVENT_FORK:
      return TEXT_TONE_NEW;
    default:
      return TEXT_TONE_PLAIN;
    }
}

void
text_event_colored (GString *out, const Event *ev, const Proc *p, WordsUserName names)
{
  /* SGR of each tone: green, yellow, bold red, red reversed. */
  static const char *const sgr[] = {
    [TEXT_TONE_PLAIN] = NULL, [TEXT_TONE_NEW] = "\033[32m", [TEXT_TONE_ENDED] = "\033[33m",
    [TEXT_TONE_FAILED] = "\033[1;31m", [TEXT_TONE_ALERT] = "\033[7;31m",
  };
  const char *on = sgr[text_tone (ev)];

  if (on)
    g_string_append (out, on);
  text_event (out, ev, p, names);
  if (on)
    g_string_insert (out, out->len - 1, "\033[0m");
}

void
text_event (GString *out, const Event *ev, const Proc *p, WordsUserName names)
{
  gint ppid = proctab_event_ptgid (ev, p);
  const char *comm = proctab_event_comm (ev, p);

  if (!ppid && (event_kind_fields (ev->kind) & EVENT_FIELDS_PARENT))
    ppid = ev->ppid;
  if (!ppid && p)
    ppid = p->ppid;

  words_clock (out, ev->wall_ns);
  g_string_append_printf (out, " %-*s", TEXT_W_EVENT, event_kind_name (ev->kind));
  text_pid (out, words_pid (ev));
  text_pid (out, ppid);
  text_user (out, ev, p, names);
  g_string_append_c (out, ' ');
  if (!comm)
    comm = ev->kind == EVENT_LOST ? "-" : WORDS_NO_NAME;
  escape_append_padded (out, comm, TEXT_W_COMM);
  g_string_append_c (out, ' ');
  words_event (out, ev, p, names);
  /* Kinds with no details leave trailing padding; lines end cleanly. */
  while (out->len > 0 && out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 1);
  g_string_append_c (out, '\n');
}
