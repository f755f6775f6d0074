/* help.c - the help over the panes: every key of the key table and what
 * it does, the colour schemes and the sort keys. */
#include "dialog.h"

#include "cells.h"
#include "draw.h"
#include "theme.h"

/* The box's width at most, and its column of keys. */
#define HELP_WIDTH 76
#define HELP_KEYS 18
/* The narrowest column of what a key does beside the keys' column: in a
 * narrower box, what a key does goes under its keys, indented. */
#define HELP_BESIDE_MIN 16
#define HELP_UNDER_INDENT 2

/* What the help says besides the keys. */
static const char *const help_notes[] = {
  ("The log folds repeated lines: an event of the kind, parent and name of one of the last "
   G_STRINGIFY (LOGPOS_FOLD_REACH) " lines joins that line (+NAME ×N, its statuses, the "
   "seconds they span); Right or + shows its events under it, Enter their details."),
  ("An exited process selected stays, marked 'kept while selected', until the selection "
   "moves."),
  "Warnings about the settings file stay on the bottom line until a key is pressed.",
};

/* The open help. */
typedef struct {
  Dialog dialog;
  gint top;            /* the first line shown (clamped as drawn) */
  gint rows;           /* the lines the box showed when last drawn */
} Help;

/* DialogClass.key: the arrows scroll a line, the pages a box less a
 * line, Home and End to either end; any other key closes. */
static Reaction
help_key (Dialog *d, Viewer *v, int code)
{
  Help *h = (Help *) d;
  gint page = MAX (h->rows - 1, 1);

  if (code == KEYS_KEY_DOWN)
    h->top++;
  else if (code == KEYS_KEY_UP)
    h->top = MAX (h->top - 1, 0);
  else if (code == KEYS_KEY_PAGE_DOWN)
    h->top += page;
  else if (code == KEYS_KEY_PAGE_UP)
    h->top = MAX (h->top - page, 0);
  else if (code == KEYS_KEY_HOME)
    h->top = 0;
  else if (code == KEYS_KEY_END)
    h->top = G_MAXINT / 2;   /* the last box: clamped as drawn */
  else
    return REACTION_CLOSE;
  return REACTION_NONE;
}

/* Appends to LINES the text S wrapped at WIDTH columns, each line after
 * INDENT columns: HEAD (if not empty) and a space in those of the first,
 * blanks in the others'. */
static void
help_wrap (GPtrArray *lines, const char *s, int width, int indent, const char *head)
{
  g_autoptr (GPtrArray) wrapped = cells_wrap (s, width - indent);
  int head_width = *head ? indent - 1 : indent;

  for (guint k = 0; k < wrapped->len; k++)
    g_ptr_array_add (lines, g_strdup_printf ("%-*s%s%s", head_width, k ? "" : head,
                                             *head ? " " : "", (char *) wrapped->pdata[k]));
}

/* Appends to LINES, wrapped at WIDTH, the names of the choices NAMES
 * (NULL-ended) after WHAT, the one in use (NOW) marked. */
static void
help_names (GPtrArray *lines, int width, const char *what, const char *const *names, guint now)
{
  g_autoptr (GString) s = g_string_new (what);

  for (guint i = 0; names[i]; i++)
    g_string_append_printf (s, " %s%s", names[i], i == now ? " (now)" : "");
  help_wrap (lines, s->str, width, 0, "");
}

/* DialogClass.draw: keys in a column of their own, what they do wrapped
 * beside it; in a narrow box, under them. */
static void
help_draw (Dialog *d, Viewer *v, WINDOW *bar)
{
  Help *h = (Help *) d;
  g_autoptr (GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  int width = MIN (COLS, HELP_WIDTH) - 4;   /* inside the box's borders */
  gboolean beside = width - HELP_KEYS - 1 >= HELP_BESIDE_MIN;
  WINDOW *box;

  for (guint i = 0; i < keys_table_len; i++)
    {
      if (beside)
        help_wrap (lines, keys_table[i].help, width, HELP_KEYS + 1, keys_table[i].keys);
      else
        {
          help_wrap (lines, keys_table[i].keys, width, 0, "");
          help_wrap (lines, keys_table[i].help, width, HELP_UNDER_INDENT, "");
        }
    }
  /* What the keys do not say. */
  g_ptr_array_add (lines, g_strdup (""));
  for (guint i = 0; i < G_N_ELEMENTS (help_notes); i++)
    help_wrap (lines, help_notes[i], width, 0, "");
  /* What F2 and F6 choose from. */
  g_ptr_array_add (lines, g_strdup (""));
  help_names (lines, width, "colour schemes:", theme_scheme_names, theme_scheme ());
  help_names (lines, width, "sort keys:", rows_sort_names, v->sort);
  box = draw_box (v, lines->len + 2, HELP_WIDTH,
                  " forkscope keys (arrows, pages, Home, End scroll; other keys close) ");
  if (!box)
    return;
  h->rows = getmaxy (box) - 2;
  h->top = CLAMP (h->top, 0, MAX ((gint) lines->len - h->rows, 0));
  draw_box_show (v, box, lines, h->top, -1);
}

/* DialogClass.click: a press anywhere closes it. */
static Reaction
help_click (Dialog *d, Viewer *v)
{
  return REACTION_CLOSE;
}

/* The help. */
const DialogClass help_class = {
  .name = "help", .size = sizeof (Help), .key = help_key, .draw = help_draw,
  .click = help_click,
};
