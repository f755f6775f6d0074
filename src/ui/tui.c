/* tui.c - the viewer's main loop and the terminal's lifecycle (see tui.h).
 *
 * Event callbacks only mark the screen dirty; one scheduled frame draws at
 * most 30 times a second, and an idle viewer wakes once a second.  Keys go
 * to screen/input.c, drawing to screen/screen.c; what either invalidated
 * comes back as a Reaction, applied here (tui_react). */
#include "tui.h"

#include <errno.h>
#include <fcntl.h>
#include <glib-unix.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "input.h"
#include "screen.h"
#include "theme.h"
#include "viewer.h"

/* Shortest interval between two frames: at most 30 per second after a
 * key; while only events change the screen, at most 4 per second, and
 * fewer when frames are dear: frames drawn for events take at most one
 * TUI_EVENT_FRAME_SHARE-th of a CPU (a third of 1%), so that a storm
 * costs what it must to be read, not what a screen costs thirty times a
 * second (at a hundredth, frames were a quarter of the viewer's CPU in
 * bench/viewer.sh's fork storm); but one a second at least, so that the
 * screen never looks stuck.  Work left for the next frame (the log's
 * judgements, a filter's graph counts: a slice a frame) gets a frame every
 * tenth of a second until it is done. */
#define TUI_FRAME_US (G_USEC_PER_SEC / 30)
#define TUI_EVENT_FRAME_US (G_USEC_PER_SEC / 4)
#define TUI_EVENT_FRAME_MAX_US G_USEC_PER_SEC
#define TUI_EVENT_FRAME_SHARE 300
#define TUI_WORK_FRAME_US (G_USEC_PER_SEC / 10)

/* The loop's state around the viewer. */
typedef struct {
  Viewer v;
  Screen s;                  /* the panes' windows and the open dialog */
  FILE *tty;
  SCREEN *screen;
  GMainLoop *loop;
  int status;                /* the process exit status */
  gint64 count_left;         /* --count: events to come before quitting,
                                -1 for no limit */
  guint frame_id;            /* the scheduled frame, 0 if none */
  gint64 frame_due_us;       /* when it is due */
  gint64 last_frame_us;      /* real time, not the model's: it paces the terminal */
  gint64 frame_cpu_us;       /* CPU time the last frame took */
  guint tick_id;
  guint duration_id;         /* --duration's timer, or 0 */
  guint input_id;            /* 0 once the terminal hung up */
  guint tstp_id;
  guint sig_ids[4];
  gpointer quit_data[3][2];
  int tstp_pipe[2];
} Tui;

/* The write end of the SIGTSTP self-pipe, and whether curses is active
 * (for the crash handlers and atexit). */
static int tui_tstp_fd = -1;
static volatile sig_atomic_t tui_curses_active;

static gboolean tui_frame (gpointer data);

/* Schedules a frame at most INTERVAL_US after the last one: at once if
 * that was long enough ago.  A frame already due sooner stays. */
static void
tui_schedule_frame (Tui *t, gint64 interval_us)
{
  gint64 now = g_get_monotonic_time ();
  gint64 due = MAX (t->last_frame_us + interval_us, now);

  if (t->frame_id && t->frame_due_us <= due)
    return;
  g_clear_handle_id (&t->frame_id, g_source_remove);
  t->frame_due_us = due;
  t->frame_id = g_timeout_add ((guint) ((due - now) / 1000), tui_frame, t);
}

/* The model or the clock changed: a frame within a quarter of a second,
 * or later when frames are dear, within a second (see
 * TUI_EVENT_FRAME_SHARE). */
static void
tui_schedule_event_frame (Tui *t)
{
  tui_schedule_frame (t, CLAMP (t->frame_cpu_us * TUI_EVENT_FRAME_SHARE, TUI_EVENT_FRAME_US,
                                TUI_EVENT_FRAME_MAX_US));
}

/* The user did something: show it within a thirtieth of a second. */
static void
tui_mark_dirty (Tui *t)
{
  tui_schedule_frame (t, TUI_FRAME_US);
}

/* Applies R, what a key, a click, a signal or the tick invalidated: the
 * viewer's part (viewer_react) and the terminal's. */
static void
tui_react (Tui *t, Reaction r)
{
  if (r & REACTION_LAYOUT)
    r |= screen_resize (&t->s, &t->v);
  viewer_react (&t->v, r);
  if (r & REACTION_CLOSE)
    screen_close (&t->s);
  if (r & REACTION_REDRAW)
    clearok (curscr, TRUE);
  if (r & REACTION_SUSPEND)
    raise (SIGTSTP);
  if (r & REACTION_QUIT)
    g_main_loop_quit (t->loop);
}

/* The CPU time this thread has used, in microseconds. */
static gint64
tui_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

/* Draws one frame. */
static gboolean
tui_frame (gpointer data)
{
  Tui *t = data;
  gint64 cpu = tui_cpu_us ();

  t->frame_id = 0;
  t->last_frame_us = g_get_monotonic_time ();
  gboolean more = viewer_prepare_frame (&t->v);
  screen_draw (&t->s, &t->v);
  t->frame_cpu_us = tui_cpu_us () - cpu;
  /* The log's judgements or the graph's counts are not whole yet: they
   * go on in the next frame, a slice each. */
  if (more)
    tui_schedule_frame (t, TUI_WORK_FRAME_US);
  return G_SOURCE_REMOVE;
}

/* --count or --duration ends the run before the command's end: its
 * status is not taken, even if its end comes in the same pass. */
static void
tui_end_early (Tui *t)
{
  monitor_command_leave (t->v.m);
  g_main_loop_quit (t->loop);
}

/* MonitorListener: the model changed; the tree is rebuilt before it is
 * next used.  With --count, the run ends once that many events that pass
 * the filter have come: events the source delivers, live or as a replay
 * plays, not those the time cursor reads (the monitor does not tell this
 * listener of those, replaynav.h). */
static void
tui_on_event (const Event *ev, const Proc *p, gpointer user)
{
  Tui *t = user;

  viewer_react (&t->v, REACTION_MODEL);
  if (t->count_left > 0 && ev->kind != EVENT_SNAPSHOT
      && filter_match_event (t->v.filter, ev, p, NULL, 0) && --t->count_left == 0)
    tui_end_early (t);
  tui_schedule_event_frame (t);
}

/* --duration elapsed: the run ends. */
static gboolean
tui_on_duration (gpointer data)
{
  Tui *t = data;

  t->duration_id = 0;
  tui_end_early (t);
  return G_SOURCE_REMOVE;
}

/* MonitorLongWaitListener: a paced replay's long gap, shortened, said in
 * the message line. */
static void
tui_on_long_wait (gint64 due_ns, gint64 wait_ns, gpointer user)
{
  Tui *t = user;
  g_autoptr (GString) said = g_string_new (NULL);

  words_long_wait (said, due_ns, wait_ns);
  message_say (&t->v.message, "%s", said->str);
  tui_mark_dirty (t);
}

/* MonitorDone: the source ended (replay EOF) or failed, or the command
 * watched ended (the viewer stays, frozen at its end). */
static void
tui_on_done (const GError *error, gpointer user)
{
  Tui *t = user;

  if (error)
    {
      g_free (t->v.error);
      t->v.error = g_strdup (error->message);
      t->status = 1;
    }
  if (!error && monitor_command_status (t->v.m) >= 0 && !monitor_command_error (t->v.m))
    {
      /* What the command did stays to be seen, frozen at its end, until
       * the user quits (with the command's status); a view the user froze
       * before stays where it is. */
      int status = monitor_command_status (t->v.m);
      if (cursor_frozen (t->v.cursor))
        message_say_until_key (&t->v.message, "the command ended (status %d) after this view: "
                               "z z shows its end, q quits", status);
      else
        {
          tui_react (t, cursor_freeze (t->v.cursor));
          message_say_until_key (&t->v.message, "the command ended (status %d): frozen at its "
                                 "end, q quits", status);
        }
      tui_mark_dirty (t);
      return;
    }
  /* What a recording held (up to a break) stays to be seen; the error is
   * printed again on quitting.  One with no event before its break (not
   * a recording: a binary file) has nothing to see: the viewer ends, as
   * --log does, and prints the error. */
  if (!monitor_is_replay (t->v.m) || (error && monitor_replay_position (t->v.m) == 0))
    {
      g_main_loop_quit (t->loop);
      return;
    }
  cursor_set_ended (t->v.cursor);
  tui_mark_dirty (t);
}

/* Once a second: expire tombstones, refresh ages and /proc readings. */
static gboolean
tui_tick (gpointer data)
{
  Tui *t = data;

  monitor_tick (t->v.m);
  tui_react (t, viewer_tick (&t->v));
  /* Ages and expiry are due, but no sooner than frames for events. */
  tui_schedule_event_frame (t);
  return G_SOURCE_CONTINUE;
}

/* Reads every pending key from the terminal. */
static gboolean
tui_on_input (gint fd, GIOCondition cond, gpointer data)
{
  Tui *t = data;
  wint_t wc;
  int r;

  if (cond & (G_IO_HUP | G_IO_ERR))
    {
      /* The terminal is gone: quit; this source removes itself. */
      t->input_id = 0;
      t->status = 1;
      g_main_loop_quit (t->loop);
      return G_SOURCE_REMOVE;
    }
  /* What each key invalidated is applied before the next is read. */
  while ((r = wget_wch (stdscr, &wc)) != ERR)
    tui_react (t, input_key (&t->s, &t->v, (int) wc, r == OK));
  tui_mark_dirty (t);
  return G_SOURCE_CONTINUE;
}

/* SIGINT, SIGTERM, SIGHUP: quit, restoring the terminal; but Ctrl-C
 * (SIGINT) in a prompt or menu cancels it, as Esc does. */
static gboolean
tui_on_quit_signal (gpointer data)
{
  Tui *t = ((gpointer *) data)[0];
  int sig = GPOINTER_TO_INT (((gpointer *) data)[1]);

  if (sig == SIGINT && t->s.dialog)
    {
      tui_react (t, input_key (&t->s, &t->v, KEYS_CTRL ('c'), TRUE));
      tui_mark_dirty (t);
      return G_SOURCE_CONTINUE;
    }
  if (monitor_command_signal (t->v.m, sig))
    return G_SOURCE_CONTINUE;
  t->status = 128 + sig;
  g_main_loop_quit (t->loop);
  return G_SOURCE_CONTINUE;
}

/* SIGWINCH. */
static gboolean
tui_on_winch (gpointer data)
{
  Tui *t = data;

  tui_react (t, REACTION_LAYOUT);
  tui_mark_dirty (t);
  return G_SOURCE_CONTINUE;
}

/* Suspends on SIGTSTP (Ctrl-Z): restores the terminal, stops, and takes
 * the screen back after fg. */
static void
tui_suspend (Tui *t)
{
  struct sigaction dfl = { .sa_handler = SIG_DFL }, old;

  def_prog_mode ();
  endwin ();
  sigaction (SIGTSTP, &dfl, &old);
  raise (SIGTSTP);
  sigaction (SIGTSTP, &old, NULL);
  reset_prog_mode ();
  tui_react (t, REACTION_LAYOUT);
  tui_mark_dirty (t);
}

/* SIGTSTP arrives here through the self-pipe. */
static gboolean
tui_on_tstp (gint fd, GIOCondition cond, gpointer data)
{
  char buf[64];

  while (read (fd, buf, sizeof buf) > 0)
    ;
  tui_suspend (data);
  return G_SOURCE_CONTINUE;
}

/* The SIGTSTP handler: defer to the main loop. */
static void
tui_tstp_handler (int sig)
{
  int saved = errno;

  if (tui_tstp_fd >= 0 && write (tui_tstp_fd, "z", 1) < 0)
    {
      /* The pipe is full: a suspend is already pending. */
    }
  errno = saved;
}

/* Crashes: give the terminal back before dying. */
static void
tui_fatal_handler (int sig)
{
  if (tui_curses_active)
    endwin ();
  signal (sig, SIG_DFL);
  raise (sig);
}

/* exit() while the screen is up (a library calling exit, g_error). */
static void
tui_atexit (void)
{
  if (tui_curses_active)
    endwin ();
}

/* Opens the terminal (on /dev/tty, so a replay may come on stdin) and
 * sets curses up, with the colours OPTS asks for.  Returns FALSE with the
 * viewer's error set on failure. */
static gboolean
tui_term_open (Tui *t, const ViewerOptions *opts)
{
  Viewer *v = &t->v;
  FILE *out;
  const char *codeset;

  t->tty = fopen ("/dev/tty", "r+e");
  if (!t->tty)
    {
      v->error = g_strdup_printf ("cannot open the terminal: %s", g_strerror (errno));
      return FALSE;
    }
  out = isatty (STDOUT_FILENO) ? stdout : t->tty;
  /* One write per frame, not one per line: a terminal's stream is line
   * buffered by default. */
  setvbuf (out, NULL, _IOFBF, 1 << 16);
  t->screen = newterm (NULL, out, t->tty);
  if (!t->screen)
    {
      v->error = g_strdup ("cannot set up the terminal (is TERM right?)");
      return FALSE;
    }
  set_term (t->screen);
  tui_curses_active = 1;
  codeset = nl_langinfo (CODESET);
  v->utf8 = codeset && (!g_ascii_strcasecmp (codeset, "UTF-8")
                        || !g_ascii_strcasecmp (codeset, "utf8"));
  cbreak ();
  noecho ();
  nonl ();
  intrflush (stdscr, FALSE);
  keypad (stdscr, TRUE);
  /* Home and End as tmux, screen, the Linux console and rxvt send them,
   * whatever TERM claims. */
  define_key ("\033[1~", KEY_HOME);
  define_key ("\033[4~", KEY_END);
  define_key ("\033[7~", KEY_HOME);
  define_key ("\033[8~", KEY_END);
  nodelay (stdscr, TRUE);
  set_escdelay (25);
  curs_set (0);
  /* Every button event, though only some act (input_mouse): ncurses holds
   * a report outside the mask as the start of a gesture and reads on for
   * the rest, blocking in read() until the next input; a release sent
   * apart from its press (a human's click) or a middle click froze the
   * viewer so.  No click interval: a press acts when it comes. */
  mousemask (ALL_MOUSE_EVENTS, NULL);
  mouseinterval (0);
  theme_init (opts->scheme, opts->color);
  screen_init (&t->s, t->tty);
  return TRUE;
}

/* Installs the signal handling; curses has installed its own by now, and
 * these replace them. */
static void
tui_signals_open (Tui *t)
{
  static const int quit_sigs[] = { SIGINT, SIGTERM, SIGHUP };
  struct sigaction sa = { .sa_handler = tui_tstp_handler, .sa_flags = SA_RESTART };
  struct sigaction fatal = { .sa_handler = tui_fatal_handler };
  static const int fatal_sigs[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };

  for (guint i = 0; i < G_N_ELEMENTS (quit_sigs); i++)
    {
      t->quit_data[i][0] = t;
      t->quit_data[i][1] = GINT_TO_POINTER (quit_sigs[i]);
      t->sig_ids[i] = g_unix_signal_add (quit_sigs[i], tui_on_quit_signal, t->quit_data[i]);
    }
  t->sig_ids[3] = g_unix_signal_add (SIGWINCH, tui_on_winch, t);
  if (g_unix_open_pipe (t->tstp_pipe, FD_CLOEXEC, NULL)
      && g_unix_set_fd_nonblocking (t->tstp_pipe[0], TRUE, NULL)
      && g_unix_set_fd_nonblocking (t->tstp_pipe[1], TRUE, NULL))
    {
      tui_tstp_fd = t->tstp_pipe[1];
      t->tstp_id = g_unix_fd_add (t->tstp_pipe[0], G_IO_IN, tui_on_tstp, t);
      sigemptyset (&sa.sa_mask);
      sigaction (SIGTSTP, &sa, NULL);
    }
  for (guint i = 0; i < G_N_ELEMENTS (fatal_sigs); i++)
    sigaction (fatal_sigs[i], &fatal, NULL);
  atexit (tui_atexit);
}

/* Undoes tui_signals_open. */
static void
tui_signals_close (Tui *t)
{
  struct sigaction dfl = { .sa_handler = SIG_DFL };

  for (guint i = 0; i < G_N_ELEMENTS (t->sig_ids); i++)
    g_clear_handle_id (&t->sig_ids[i], g_source_remove);
  if (t->tstp_id)
    {
      g_clear_handle_id (&t->tstp_id, g_source_remove);
      sigaction (SIGTSTP, &dfl, NULL);
      tui_tstp_fd = -1;
      close (t->tstp_pipe[0]);
      close (t->tstp_pipe[1]);
    }
}

/* Gives the terminal back and frees everything curses holds. */
static void
tui_term_close (Tui *t)
{
  screen_clear (&t->s);
  if (t->screen)
    {
      endwin ();
      tui_curses_active = 0;
      delscreen (t->screen);
    }
  if (t->tty)
    fclose (t->tty);
}

int
tui_run (Monitor *m, ViewerOptions *opts)
{
  Tui t = { .tstp_pipe = { -1, -1 }, .count_left = opts->count > 0 ? opts->count : -1 };
  int status;

  setlocale (LC_ALL, "");
  viewer_init (&t.v, m, opts);
  t.loop = g_main_loop_new (NULL, FALSE);
  /* Said once (the settings file's warnings): until a key is pressed. */
  if (opts->message)
    message_say_until_key (&t.v.message, "%s", opts->message);
  if (!tui_term_open (&t, opts))
    {
      tui_term_close (&t);
      g_printerr ("forkscope: %s\n", t.v.error);
      viewer_clear (&t.v);
      g_main_loop_unref (t.loop);
      return 1;
    }
  tui_signals_open (&t);
  t.input_id = g_unix_fd_add (fileno (t.tty), G_IO_IN | G_IO_HUP | G_IO_ERR,
                              tui_on_input, &t);
  t.tick_id = g_timeout_add_seconds (1, tui_tick, &t);
  if (opts->duration > 0)
    /* At most 30 days (main.c): the milliseconds fit. */
    t.duration_id = g_timeout_add ((guint) (opts->duration * 1000), tui_on_duration, &t);
  tui_react (&t, screen_layout (&t.s, &t.v));

  monitor_set_listener (m, tui_on_event, tui_on_done, &t);
  monitor_set_long_wait_listener (m, tui_on_long_wait, &t);
  monitor_start (m);
  tui_mark_dirty (&t);
  if (!t.v.error)
    g_main_loop_run (t.loop);

  monitor_set_listener (m, NULL, NULL, NULL);
  monitor_set_long_wait_listener (m, NULL, NULL);
  g_clear_handle_id (&t.input_id, g_source_remove);
  g_clear_handle_id (&t.tick_id, g_source_remove);
  g_clear_handle_id (&t.duration_id, g_source_remove);
  g_clear_handle_id (&t.frame_id, g_source_remove);
  tui_signals_close (&t);
  tui_term_close (&t);
  if (t.v.error)
    g_printerr ("forkscope: %s\n", t.v.error);
  status = t.status;
  /* What the viewer ended with, for the settings file. */
  opts->threads = t.v.threads;
  opts->kthreads = t.v.kthreads;
  opts->cmdline = t.v.cmdline;
  opts->columns = t.v.columns;
  opts->sort = t.v.sort;
  opts->sort_reverse = t.v.sort_reverse;
  opts->scheme = theme_scheme ();
  viewer_clear (&t.v);
  g_main_loop_unref (t.loop);
  return status;
}
