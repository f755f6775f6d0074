/* signalmenu.c - the signal menu for the selected process, and the
 * confirmation before the signal goes (live sources only). */
#include "dialog.h"

#include <signal.h>
#include <string.h>

#include "cells.h"
#include "draw.h"
#include "menu.h"
#include "theme.h"

/* Signals offered by the menu. */
static const int signalmenu_signals[] = {
  SIGTERM, SIGINT, SIGHUP, SIGKILL, SIGSTOP, SIGCONT, SIGUSR1, SIGUSR2, SIGQUIT,
};

/* The open menu. */
typedef struct {
  Dialog dialog;
  guint64 serial;      /* the target */
  gint sel;
  int sig;             /* the signal chosen, while confirming */
  gboolean confirming;
} SignalMenu;

/* DialogClass.open: for a live process of a live source. */
static gboolean
signalmenu_open (Dialog *d, Viewer *v)
{
  SignalMenu *sm = (SignalMenu *) d;
  const HistoryEntry *e;
  const Proc *p = viewer_details_subject (v, &e);

  if (!v->live)
    {
      message_say (&v->message, "signals are only sent to processes of a live source");
      return FALSE;
    }
  if (!p || !p->alive)
    {
      message_say (&v->message, "no live process selected");
      return FALSE;
    }
  sm->serial = p->serial;
  return TRUE;
}

/* Sends the chosen signal; the monitor makes sure a reused pid is never
 * hit. */
static void
signalmenu_send (SignalMenu *sm, Viewer *v)
{
  const Proc *p = proctab_lookup_serial (monitor_proctab (v->m), sm->serial);
  int r;

  if (!p || !p->alive)
    {
      message_say (&v->message, "the process has exited");
      return;
    }
  r = monitor_signal (v->m, p->serial, sm->sig);
  if (r < 0)
    message_say (&v->message, "signal %s to %d failed: %s", sigabbrev_np (sm->sig), p->pid,
                 g_strerror (-r));
  else
    message_say (&v->message, "sent SIG%s to %d", sigabbrev_np (sm->sig), p->pid);
}

/* DialogClass.key: Up and Down choose, Enter asks, y sends; anything
 * else at the question, or Esc or q in the menu, closes it. */
static Reaction
signalmenu_key (Dialog *d, Viewer *v, int code)
{
  SignalMenu *sm = (SignalMenu *) d;
  gint n = G_N_ELEMENTS (signalmenu_signals);

  if (sm->confirming)
    {
      if (code == 'y' || code == 'Y')
        signalmenu_send (sm, v);
      else
        message_say (&v->message, "no signal sent");
      return REACTION_CLOSE;
    }
  if (menu_closes (code, KEYS_NONE))
    return REACTION_CLOSE;
  if (!menu_move (&sm->sel, n, code, TRUE) && keys_is_enter (code))
    {
      sm->sig = signalmenu_signals[CLAMP (sm->sel, 0, n - 1)];
      sm->confirming = TRUE;
    }
  return REACTION_NONE;
}

/* DialogClass.draw: the question in the bar, the menu in a box. */
static void
signalmenu_draw (Dialog *d, Viewer *v, WINDOW *bar)
{
  SignalMenu *sm = (SignalMenu *) d;
  const Proc *p = proctab_lookup_serial (monitor_proctab (v->m), sm->serial);
  g_autofree char *comm = p ? cells_name (p->comm) : g_strdup (WORDS_NO_NAME);
  g_autoptr (GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *title = g_strdup_printf (" Signal %d %s ", p ? p->pid : 0, comm);

  if (sm->confirming && bar)
    {
      g_autofree char *ask = g_strdup_printf ("Send SIG%s to %d (%s)? y/N",
                                              sigabbrev_np (sm->sig), p ? p->pid : 0, comm);
      draw_bar (bar);
      draw_put (v, bar, theme_attr (THEME_ALERT) | A_REVERSE, ask);
      wnoutrefresh (bar);
    }
  for (guint i = 0; i < G_N_ELEMENTS (signalmenu_signals); i++)
    g_ptr_array_add (lines, g_strdup_printf ("SIG%-6s %2d",
                                             sigabbrev_np (signalmenu_signals[i]),
                                             signalmenu_signals[i]));
  menu_draw (v, lines, 34, title, sm->sel);
}

/* The signal menu. */
const DialogClass signalmenu_class = {
  .name = "signal", .size = sizeof (SignalMenu), .open = signalmenu_open,
  .key = signalmenu_key, .draw = signalmenu_draw,
};
