/* dialogs.c - prompts, the user picker and the signal menu (see dialogs.h). */
#include "dialogs.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "keys.h"
#include "theme.h"
#include "travel.h"

/* Signals offered by the menu. */
static const int dialogs_signals[] = {
  SIGTERM, SIGINT, SIGHUP, SIGKILL, SIGSTOP, SIGCONT, SIGUSR1, SIGUSR2, SIGQUIT,
};

/* Whether KEY is one of the keys that accept a dialog. */
static gboolean
dialogs_is_enter (int key, gboolean is_char)
{
  return is_char ? key == '\n' || key == '\r' : key == KEY_ENTER;
}

void
dialogs_prompt (Viewer *v, ViewerMode mode, const char *text)
{
  v->mode = mode;
  g_string_assign (v->input, text ? text : "");
  v->menu_sel = 0;
  g_free (v->prompt_saved);
  v->prompt_saved = g_strdup (mode == VIEWER_MODE_SEARCH ? v->search
                              : mode == VIEWER_MODE_FILTER ? filter_text (v->filter) : NULL);
  v->search_back = mode == VIEWER_MODE_SEARCH && v->focus == PANE_LOG && v->log_follow;
}

/* Whether KEY edits the prompt's text (and did). */
static gboolean
dialogs_edit (Viewer *v, int key, gboolean is_char)
{
  if (is_char && key >= 0x20 && key != 0x7f)
    {
      g_string_append_unichar (v->input, key);
      return TRUE;
    }
  if ((!is_char && key == KEY_BACKSPACE) || (is_char && (key == 0x7f || key == KEYS_CTRL ('h'))))
    {
      const char *end = v->input->str + v->input->len;
      if (v->input->len)
        g_string_truncate (v->input,
                           g_utf8_find_prev_char (v->input->str, end) - v->input->str);
      return TRUE;
    }
  if (is_char && key == KEYS_CTRL ('u'))
    {
      g_string_truncate (v->input, 0);
      return TRUE;
    }
  return FALSE;
}

/* Sets *DST to the prompt's text, NULL when empty. */
static void
dialogs_take_input (Viewer *v, char **dst)
{
  g_free (*dst);
  *dst = v->input->len ? g_strdup (v->input->str) : NULL;
}

/* A key in the search prompt: each edit searches at once, from the
 * selection. */
static void
dialogs_key_search (Viewer *v, int key, gboolean is_char)
{
  if (is_char && key == 27)
    {
      /* Cancelled: the search as it was. */
      g_free (v->search);
      v->search = g_steal_pointer (&v->prompt_saved);
      v->search_missed = FALSE;
      v->mode = VIEWER_MODE_NORMAL;
      return;
    }
  if (dialogs_is_enter (key, is_char))
    {
      v->mode = VIEWER_MODE_NORMAL;
      return;
    }
  if (!is_char && (key == KEY_F (3) || key == KEY_DOWN))
    {
      viewer_search_next (v, 1, FALSE);
      return;
    }
  if (!is_char && (key == KEY_F (15) || key == KEY_UP))
    {
      viewer_search_next (v, -1, FALSE);
      return;
    }
  if (!dialogs_edit (v, key, is_char))
    return;
  dialogs_take_input (v, &v->search);
  viewer_search_next (v, 1, TRUE);
}

/* A key in the filter prompt: each edit that parses applies at once; one
 * that does not keeps the last good filter and says why. */
static void
dialogs_key_filter (Viewer *v, int key, gboolean is_char)
{
  if (is_char && key == 27)
    {
      /* Cancelled: the filter as it was. */
      viewer_set_filter (v, v->prompt_saved);
      v->mode = VIEWER_MODE_NORMAL;
      return;
    }
  if (dialogs_is_enter (key, is_char))
    {
      if (!v->filter_error)
        v->mode = VIEWER_MODE_NORMAL;
      return;
    }
  if (dialogs_edit (v, key, is_char))
    viewer_set_filter (v, v->input->str);
}

/* A key in the go-to prompt: Enter moves the time cursor, Esc cancels. */
static void
dialogs_key_goto (Viewer *v, int key, gboolean is_char)
{
  if (is_char && key == 27)
    v->mode = VIEWER_MODE_NORMAL;
  else if (dialogs_is_enter (key, is_char))
    {
      v->mode = VIEWER_MODE_NORMAL;
      if (v->input->len)
        travel_goto (v, v->input->str);
    }
  else
    dialogs_edit (v, key, is_char);
}

/* Adds P's users to the set (a hash table of uids + 1). */
static void
dialogs_collect_uid (gpointer data, gpointer user)
{
  const Proc *p = data;

  if (p->flags & PROC_F_CREDS)
    {
      g_hash_table_add (user, GUINT_TO_POINTER (p->ruid + 1));
      g_hash_table_add (user, GUINT_TO_POINTER (p->euid + 1));
    }
}

/* Orders uids (stored as pointers) for qsort. */
static int
dialogs_cmp_uid (const void *a, const void *b)
{
  guint x = GPOINTER_TO_UINT (*(gpointer const *) a);
  guint y = GPOINTER_TO_UINT (*(gpointer const *) b);
  return (x > y) - (x < y);
}

/* Rebuilds the picker's entries: all users, then each uid seen whose
 * label holds the typed text. */
static void
dialogs_users_refresh (Viewer *v)
{
  g_autoptr (GHashTable) set = g_hash_table_new (NULL, NULL);
  g_autofree gpointer *uids = NULL;
  WordsUserName names = monitor_user_names (v->m);
  guint n_uids = 0;
  const char *typed = v->input->str;

  g_ptr_array_set_size (v->users, 0);
  if (!*typed)
    {
      ViewerUser *all = g_new0 (ViewerUser, 1);
      all->all = TRUE;
      all->label = g_strdup ("(all users)");
      g_ptr_array_add (v->users, all);
    }
  proctab_foreach (viewer_proctab (v), dialogs_collect_uid, set);
  uids = g_hash_table_get_keys_as_array (set, &n_uids);
  qsort (uids, n_uids, sizeof *uids, dialogs_cmp_uid);
  for (guint i = 0; i < n_uids; i++)
    {
      guint32 uid = GPOINTER_TO_UINT (uids[i]) - 1;
      const char *name = names ? names (uid) : NULL;
      g_autofree char *label = name ? g_strdup_printf ("%u %s", uid, name)
                                    : g_strdup_printf ("%u", uid);
      if (*typed && !strstr (label, typed))
        continue;
      ViewerUser *u = g_new0 (ViewerUser, 1);
      u->uid = uid;
      u->label = g_steal_pointer (&label);
      g_ptr_array_add (v->users, u);
    }
  v->menu_sel = CLAMP (v->menu_sel, 0, MAX ((gint) v->users->len - 1, 0));
}

void
dialogs_users (Viewer *v)
{
  dialogs_prompt (v, VIEWER_MODE_USER, NULL);
  dialogs_users_refresh (v);
}

/* Applies the picker's choice, or the typed name or uid. */
static void
dialogs_users_choose (Viewer *v)
{
  g_autofree char *term = NULL;
  guint32 uid;

  v->mode = VIEWER_MODE_NORMAL;
  if (v->users->len > 0)
    {
      ViewerUser *u = v->users->pdata[CLAMP (v->menu_sel, 0, (gint) v->users->len - 1)];
      if (!u->all)
        term = g_strdup_printf ("user:%u", u->uid);
    }
  else if (monitor_user_parse (v->m, v->input->str, &uid))
    term = g_strdup_printf ("user:%u", uid);
  else
    {
      viewer_message (v, "no such user");
      return;
    }
  viewer_replace_term (v, "user", term);
}

/* A key in the user picker. */
static void
dialogs_key_users (Viewer *v, int key, gboolean is_char)
{
  if (is_char && key == 27)
    v->mode = VIEWER_MODE_NORMAL;
  else if (dialogs_is_enter (key, is_char))
    dialogs_users_choose (v);
  else if (!is_char && key == KEY_UP)
    v->menu_sel = MAX (v->menu_sel - 1, 0);
  else if (!is_char && key == KEY_DOWN)
    v->menu_sel = MIN (v->menu_sel + 1, MAX ((gint) v->users->len - 1, 0));
  else if (dialogs_edit (v, key, is_char))
    dialogs_users_refresh (v);
}

void
dialogs_signal (Viewer *v)
{
  const HistoryEntry *e;
  const Proc *p = viewer_details_subject (v, &e);

  if (!v->live)
    {
      viewer_message (v, "signals are only sent to processes of a live source");
      return;
    }
  if (!p || !p->alive)
    {
      viewer_message (v, "no live process selected");
      return;
    }
  v->sig_serial = p->serial;
  v->mode = VIEWER_MODE_SIGNAL;
  v->menu_sel = 0;
}

/* Sends the chosen signal; the monitor makes sure a reused pid is never
 * hit. */
static void
dialogs_send_signal (Viewer *v)
{
  const Proc *p = proctab_lookup_serial (monitor_proctab (v->m), v->sig_serial);
  int r;

  v->mode = VIEWER_MODE_NORMAL;
  if (!p || !p->alive)
    {
      viewer_message (v, "the process has exited");
      return;
    }
  r = monitor_signal (v->m, p->serial, v->sig_num);
  if (r < 0)
    viewer_message (v, "signal %s to %d failed: %s", sigabbrev_np (v->sig_num),
                    p->pid, g_strerror (-r));
  else
    viewer_message (v, "sent SIG%s to %d", sigabbrev_np (v->sig_num), p->pid);
}

/* A key in the signal menu or its confirmation. */
static void
dialogs_key_signal (Viewer *v, int key, gboolean is_char)
{
  gint n = G_N_ELEMENTS (dialogs_signals);

  if (v->mode == VIEWER_MODE_CONFIRM)
    {
      if (is_char && (key == 'y' || key == 'Y'))
        dialogs_send_signal (v);
      else
        {
          v->mode = VIEWER_MODE_NORMAL;
          viewer_message (v, "no signal sent");
        }
      return;
    }
  if (is_char && (key == 27 || key == 'q'))
    v->mode = VIEWER_MODE_NORMAL;
  else if (!is_char && key == KEY_UP)
    v->menu_sel = (v->menu_sel + n - 1) % n;
  else if (!is_char && key == KEY_DOWN)
    v->menu_sel = (v->menu_sel + 1) % n;
  else if (dialogs_is_enter (key, is_char))
    {
      v->sig_num = dialogs_signals[CLAMP (v->menu_sel, 0, n - 1)];
      v->mode = VIEWER_MODE_CONFIRM;
    }
}

/* What each sort key does, for the sort picker. */
static const char *const dialogs_sort_help[ROWS_SORT_MAX] = {
  [ROWS_SORT_SEEN] = "as forkscope saw them come (roots by pid)",
  [ROWS_SORT_START] = "by start time",
  [ROWS_SORT_PID] = "by pid",
  [ROWS_SORT_NAME] = "by name",
  [ROWS_SORT_CPU] = "the most CPU first (live)",
  [ROWS_SORT_MEM] = "the most memory first (live)",
};

void
dialogs_setup (Viewer *v)
{
  v->mode = VIEWER_MODE_SETUP;
  v->menu_sel = 0;
}

void
dialogs_sort (Viewer *v)
{
  v->mode = VIEWER_MODE_SORT;
  v->menu_sel = v->sort;
}

GPtrArray *
dialogs_picker_lines (Viewer *v, gint *sel)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);

  if (v->mode == VIEWER_MODE_SORT)
    {
      for (guint i = 0; i < ROWS_SORT_MAX; i++)
        g_ptr_array_add (lines, g_strdup_printf ("(%c) %-6s %s", i == v->sort ? '*' : ' ',
                                                 rows_sort_names[i], dialogs_sort_help[i]));
      g_ptr_array_add (lines, g_strdup (v->sort_reverse ? "order: inverted (I)"
                                                        : "order: the usual (I inverts)"));
      *sel = v->menu_sel;
      return lines;
    }
  /* Setup: the columns, then the schemes, each list under its heading. */
  g_ptr_array_add (lines, g_strdup ("Columns (Space or Enter shows, hides)"));
  for (guint c = 0; c < FORMAT_COLUMN_MAX; c++)
    g_ptr_array_add (lines, g_strdup_printf ("[%c] %s",
                                             v->columns & FORMAT_COLUMN_BIT (c) ? 'x' : ' ',
                                             format_column_help[c]));
  g_ptr_array_add (lines, g_strdup ("Colour scheme (NO_COLOR, --color=never: none)"));
  for (guint i = 0; i < THEME_SCHEME_MAX; i++)
    g_ptr_array_add (lines, g_strdup_printf ("(%c) %s", i == theme_scheme () ? '*' : ' ',
                                             theme_scheme_names[i]));
  *sel = v->menu_sel + 1 + (v->menu_sel >= FORMAT_COLUMN_MAX);
  return lines;
}

/* A key in the setup or sort picker: Up and Down move, Space or Enter
 * chooses (the sort picker then closes), Esc, q or the picker's key
 * closes. */
static void
dialogs_key_picker (Viewer *v, int key, gboolean is_char)
{
  gboolean setup = v->mode == VIEWER_MODE_SETUP;
  gint n = setup ? FORMAT_COLUMN_MAX + THEME_SCHEME_MAX : ROWS_SORT_MAX;
  KeysAction action = keys_action (is_char ? key : KEYS_FN (key));

  if ((is_char && (key == 27 || key == 'q'))
      || action == (setup ? KEYS_SETUP : KEYS_SORT))
    v->mode = VIEWER_MODE_NORMAL;
  else if (!is_char && key == KEY_UP)
    v->menu_sel = (v->menu_sel + n - 1) % n;
  else if (!is_char && key == KEY_DOWN)
    v->menu_sel = (v->menu_sel + 1) % n;
  else if (action == KEYS_SORT_INVERT && !setup)
    viewer_invert_sort (v);
  else if (dialogs_is_enter (key, is_char) || (is_char && key == ' '))
    {
      gint i = CLAMP (v->menu_sel, 0, n - 1);
      if (!setup)
        {
          viewer_set_sort (v, i);
          v->mode = VIEWER_MODE_NORMAL;
        }
      else if (i < FORMAT_COLUMN_MAX)
        viewer_toggle_column (v, i);
      else
        {
          theme_set_scheme (i - FORMAT_COLUMN_MAX);
          clearok (curscr, TRUE);
        }
    }
}

void
dialogs_key (Viewer *v, int key, gboolean is_char)
{
  /* Ctrl-C cancels a dialog as Esc does; it quits only from the panes. */
  if (is_char && key == KEYS_CTRL ('c'))
    key = 27;
  switch (v->mode)
    {
    case VIEWER_MODE_SEARCH:
      dialogs_key_search (v, key, is_char);
      break;
    case VIEWER_MODE_FILTER:
      dialogs_key_filter (v, key, is_char);
      break;
    case VIEWER_MODE_USER:
      dialogs_key_users (v, key, is_char);
      break;
    case VIEWER_MODE_GOTO:
      dialogs_key_goto (v, key, is_char);
      break;
    case VIEWER_MODE_SIGNAL:
    case VIEWER_MODE_CONFIRM:
      dialogs_key_signal (v, key, is_char);
      break;
    case VIEWER_MODE_SETUP:
    case VIEWER_MODE_SORT:
      dialogs_key_picker (v, key, is_char);
      break;
    case VIEWER_MODE_HELP:
      if (!is_char && key == KEY_DOWN)
        v->help_top++;
      else if (!is_char && key == KEY_UP)
        v->help_top = MAX (v->help_top - 1, 0);
      else if (!is_char && key == KEY_NPAGE)
        v->help_top += 10;
      else if (!is_char && key == KEY_PPAGE)
        v->help_top = MAX (v->help_top - 10, 0);
      else
        v->mode = VIEWER_MODE_NORMAL;
      break;
    case VIEWER_MODE_DETAILS:
      if (!is_char && (key == KEY_DOWN || key == KEY_UP || key == KEY_NPAGE
                       || key == KEY_PPAGE || key == KEY_HOME || key == KEY_END))
        viewer_move (v, key == KEY_DOWN ? 1 : key == KEY_UP ? -1
                        : key == KEY_NPAGE ? 10 : key == KEY_PPAGE ? -10 : 0,
                     key == KEY_HOME ? -1 : key == KEY_END ? 1 : 0);
      else if ((is_char && key == 27) || dialogs_is_enter (key, is_char)
               || (is_char && key == 'q'))
        viewer_leave_details (v);
      break;
    case VIEWER_MODE_NORMAL:
      break;
    }
}

const char *
dialogs_signal_label (gint i, char *buf, gsize size)
{
  if (i < 0 || (guint) i >= G_N_ELEMENTS (dialogs_signals))
    return NULL;
  g_snprintf (buf, size, "SIG%-6s %2d", sigabbrev_np (dialogs_signals[i]),
              dialogs_signals[i]);
  return buf;
}
