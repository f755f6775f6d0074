/* setuppicker.c - the setup picker: the tree's optional columns and the
 * colour scheme. */
#include "dialog.h"

#include "actions.h"
#include "menu.h"
#include "theme.h"

/* The open picker: its entries are the columns, then the schemes. */
typedef struct {
  Dialog dialog;
  gint sel;
} SetupPicker;

/* DialogClass.key: Up and Down move, Space or Enter shows or hides a
 * column or takes a scheme, Esc, q or the picker's key closes it. */
static Reaction
setuppicker_key (Dialog *d, Viewer *v, int code)
{
  SetupPicker *sp = (SetupPicker *) d;
  gint n = ROWTEXT_COLUMN_MAX + THEME_SCHEME_MAX;

  if (menu_closes (code, KEYS_SETUP))
    return REACTION_CLOSE;
  if (menu_move (&sp->sel, n, code, TRUE) || !(keys_is_enter (code) || code == ' '))
    return REACTION_NONE;
  gint i = CLAMP (sp->sel, 0, n - 1);
  if (i < ROWTEXT_COLUMN_MAX)
    return actions_toggle_column (v, i);
  theme_set_scheme (i - ROWTEXT_COLUMN_MAX);
  return REACTION_REDRAW;
}

/* DialogClass.draw: each list under its heading. */
static void
setuppicker_draw (Dialog *d, Viewer *v, WINDOW *bar)
{
  SetupPicker *sp = (SetupPicker *) d;
  g_autoptr (GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (lines, g_strdup ("Columns (Space or Enter shows, hides)"));
  for (guint c = 0; c < ROWTEXT_COLUMN_MAX; c++)
    g_ptr_array_add (lines, g_strdup_printf ("[%c] %s",
                                             v->columns & ROWTEXT_COLUMN_BIT (c) ? 'x' : ' ',
                                             rowtext_column_help[c]));
  g_ptr_array_add (lines, g_strdup ("Colour scheme (none with NO_COLOR, --color=never)"));
  for (guint i = 0; i < THEME_SCHEME_MAX; i++)
    g_ptr_array_add (lines, g_strdup_printf ("(%c) %s", i == theme_scheme () ? '*' : ' ',
                                             theme_scheme_names[i]));
  menu_draw (v, lines, 64, " Setup (Esc closes) ",
             sp->sel + 1 + (sp->sel >= ROWTEXT_COLUMN_MAX));
}

/* The setup picker. */
const DialogClass setuppicker_class = {
  .name = "setup", .size = sizeof (SetupPicker), .key = setuppicker_key, .draw = setuppicker_draw,
};
