/* userpicker.c - the user picker: filter by a user seen in the tree, or
 * by a name or uid typed. */
#include "dialog.h"

#include <stdlib.h>
#include <string.h>

#include "actions.h"
#include "entry.h"
#include "menu.h"

/* One choice of the picker. */
typedef struct {
  gboolean all;      /* "all users" */
  guint32 uid;
  char *label;
} UserPickerChoice;

/* The open picker. */
typedef struct {
  Dialog dialog;
  GString *text;       /* what is typed */
  GPtrArray *choices;  /* of UserPickerChoice* */
  gint sel;
} UserPicker;

/* Frees a choice. */
static void
userpicker_choice_free (gpointer data)
{
  UserPickerChoice *u = data;

  g_free (u->label);
  g_free (u);
}

/* Adds P's users to the set (a hash table of uids + 1). */
static void
userpicker_collect_uid (gpointer data, gpointer user)
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
userpicker_cmp_uid (const void *a, const void *b)
{
  guint x = GPOINTER_TO_UINT (*(gpointer const *) a);
  guint y = GPOINTER_TO_UINT (*(gpointer const *) b);
  return (x > y) - (x < y);
}

/* Rebuilds the choices: all users, then each uid seen whose label holds
 * the typed text. */
static void
userpicker_refresh (UserPicker *up, Viewer *v)
{
  g_autoptr (GHashTable) set = g_hash_table_new (NULL, NULL);
  g_autofree gpointer *uids = NULL;
  WordsUserName names = monitor_user_names (v->m);
  guint n_uids = 0;
  const char *typed = up->text->str;

  g_ptr_array_set_size (up->choices, 0);
  if (!*typed)
    {
      UserPickerChoice *all = g_new0 (UserPickerChoice, 1);
      all->all = TRUE;
      all->label = g_strdup ("(all users)");
      g_ptr_array_add (up->choices, all);
    }
  proctab_foreach (cursor_proctab (v->cursor), userpicker_collect_uid, set);
  uids = g_hash_table_get_keys_as_array (set, &n_uids);
  qsort (uids, n_uids, sizeof *uids, userpicker_cmp_uid);
  for (guint i = 0; i < n_uids; i++)
    {
      guint32 uid = GPOINTER_TO_UINT (uids[i]) - 1;
      const char *name = names ? names (uid) : NULL;
      g_autofree char *label = name ? g_strdup_printf ("%u %s", uid, name)
                                    : g_strdup_printf ("%u", uid);
      if (*typed && !strstr (label, typed))
        continue;
      UserPickerChoice *u = g_new0 (UserPickerChoice, 1);
      u->uid = uid;
      u->label = g_steal_pointer (&label);
      g_ptr_array_add (up->choices, u);
    }
  up->sel = CLAMP (up->sel, 0, MAX ((gint) up->choices->len - 1, 0));
}

/* DialogClass.open */
static gboolean
userpicker_open (Dialog *d, Viewer *v)
{
  UserPicker *up = (UserPicker *) d;

  up->text = g_string_new (NULL);
  up->choices = g_ptr_array_new_with_free_func (userpicker_choice_free);
  userpicker_refresh (up, v);
  return TRUE;
}

/* DialogClass.clear */
static void
userpicker_clear (Dialog *d)
{
  UserPicker *up = (UserPicker *) d;

  if (up->text)
    g_string_free (up->text, TRUE);
  g_clear_pointer (&up->choices, g_ptr_array_unref);
}

/* Applies the picker's choice, or the typed name or uid. */
static Reaction
userpicker_choose (UserPicker *up, Viewer *v)
{
  g_autofree char *term = NULL;
  guint32 uid;

  if (up->choices->len > 0)
    {
      UserPickerChoice *u = up->choices->pdata[CLAMP (up->sel, 0,
                                                      (gint) up->choices->len - 1)];
      if (!u->all)
        term = g_strdup_printf ("user:%u", u->uid);
    }
  else if (monitor_user_parse (v->m, up->text->str, &uid))
    term = g_strdup_printf ("user:%u", uid);
  else
    {
      message_say (&v->message, "no such user");
      return REACTION_CLOSE;
    }
  return REACTION_CLOSE | actions_replace_term (v, "user", term);
}

/* DialogClass.key */
static Reaction
userpicker_key (Dialog *d, Viewer *v, int code)
{
  UserPicker *up = (UserPicker *) d;

  if (code == KEYS_ESC)
    return REACTION_CLOSE;
  if (keys_is_enter (code))
    return userpicker_choose (up, v);
  if (menu_move (&up->sel, up->choices->len, code, FALSE))
    return REACTION_NONE;
  if (entry_edit (up->text, code))
    userpicker_refresh (up, v);
  return REACTION_NONE;
}

/* DialogClass.draw: what is typed in the bar, the choices in a box. */
static void
userpicker_draw (Dialog *d, Viewer *v, WINDOW *bar)
{
  UserPicker *up = (UserPicker *) d;
  g_autoptr (GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

  if (bar)
    entry_draw (v, bar, "User: ", up->text->str, NULL, "  Enter keep  Esc cancel");
  for (guint i = 0; i < up->choices->len; i++)
    g_ptr_array_add (lines, g_strdup (((UserPickerChoice *) up->choices->pdata[i])->label));
  if (lines->len == 0)
    g_ptr_array_add (lines, g_strdup ("(none seen: Enter takes the typed name or uid)"));
  menu_draw (v, lines, 52, " Filter by user ", up->choices->len ? up->sel : -1);
}

/* The user picker. */
const DialogClass userpicker_class = {
  .name = "user", .size = sizeof (UserPicker), .open = userpicker_open,
  .dispose = userpicker_clear, .key = userpicker_key, .draw = userpicker_draw,
};
