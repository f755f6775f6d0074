/* sortpicker.c - the sort picker: how siblings are ordered. */
#include "dialog.h"

#include <string.h>

#include "actions.h"
#include "menu.h"

/* What each sort key does. */
static const char *const sortpicker_help[ROWS_SORT_MAX] = {
  [ROWS_SORT_SEEN] = "as forkscope saw them come (roots by pid)",
  [ROWS_SORT_START] = "by start time",
  [ROWS_SORT_PID] = "by pid",
  [ROWS_SORT_NAME] = "by name",
  [ROWS_SORT_CPU] = "the most CPU first (live)",
  [ROWS_SORT_MEM] = "the most memory first (live)",
  [ROWS_SORT_TCPU] = "the most CPU time of a subtree first (TCPU)",
  [ROWS_SORT_CONTAINER] = "by container, the host's last",
};

/* The open picker. */
typedef struct {
  Dialog dialog;
  gint sel;
} SortPicker;

/* DialogClass.open: on the sort in use. */
static gboolean
sortpicker_open (Dialog *d, Viewer *v)
{
  ((SortPicker *) d)->sel = v->sort;
  return TRUE;
}

/* DialogClass.key: Up and Down move, Space or Enter chooses and closes
 * it, I inverts the order, Esc, q or the picker's key closes it. */
static Reaction
sortpicker_key (Dialog *d, Viewer *v, int code)
{
  SortPicker *sp = (SortPicker *) d;

  if (menu_closes (code, KEYS_SORT))
    return REACTION_CLOSE;
  if (menu_move (&sp->sel, ROWS_SORT_MAX, code, TRUE))
    return REACTION_NONE;
  if (keys_action (code) == KEYS_SORT_INVERT)
    return actions_sort_invert (v);
  if (keys_is_enter (code) || code == ' ')
    return REACTION_CLOSE | actions_set_sort (v, CLAMP (sp->sel, 0, ROWS_SORT_MAX - 1));
  return REACTION_NONE;
}

/* DialogClass.draw */
static void
sortpicker_draw (Dialog *d, Viewer *v, WINDOW *bar)
{
  SortPicker *sp = (SortPicker *) d;
  g_autoptr (GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  int width = 0;

  /* The names in a column as wide as the longest. */
  for (guint i = 0; i < ROWS_SORT_MAX; i++)
    width = MAX (width, (int) strlen (rows_sort_names[i]));
  for (guint i = 0; i < ROWS_SORT_MAX; i++)
    g_ptr_array_add (lines, g_strdup_printf ("(%c) %-*s %s", i == v->sort ? '*' : ' ', width,
                                             rows_sort_names[i], sortpicker_help[i]));
  g_ptr_array_add (lines, g_strdup (v->sort_reverse ? "order: inverted (I)"
                                                    : "order: the usual (I inverts)"));
  menu_draw (v, lines, 64, " Sort siblings (Enter chooses) ", sp->sel);
}

/* The sort picker. */
const DialogClass sortpicker_class = {
  .name = "sort", .size = sizeof (SortPicker), .open = sortpicker_open,
  .key = sortpicker_key, .draw = sortpicker_draw,
};
