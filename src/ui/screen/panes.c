/* panes.c - the registry of panes and dialogs (see panes.h). */
#include "panes.h"

/* The views (views/), which have no headers: the registry alone names
 * them. */
extern const ViewClass header_class, treeview_class, logview_class, detailsview_class,
  fnbar_class, graphview_class, timelineview_class;

/* The dialogs (dialogs/), likewise. */
extern const DialogClass help_class, prompt_search_class, prompt_filter_class,
  prompt_goto_class, userpicker_class, signalmenu_class, setuppicker_class,
  sortpicker_class, detailsbox_class;

/* Whether the tree pane's place shows the timeline (T). */
static gboolean
panes_timeline (const Viewer *v)
{
  return v->timeline;
}

const PanesEntry panes_table[] = {
  { PANE_HEADER, &header_class, NULL },
  { PANE_GRAPH, &graphview_class, NULL },
  { PANE_TREE, &timelineview_class, panes_timeline },
  { PANE_TREE, &treeview_class, NULL },
  { PANE_LOG, &logview_class, NULL },
  { PANE_DETAILS, &detailsview_class, NULL },
  { PANE_FNBAR, &fnbar_class, NULL },
};
const guint panes_table_len = G_N_ELEMENTS (panes_table);

/* Which key opens which dialog. */
static const struct {
  KeysAction action;
  const DialogClass *dialog;
} panes_dialogs[] = {
  { KEYS_HELP, &help_class },
  { KEYS_SEARCH, &prompt_search_class },
  { KEYS_SEARCH_NEXT, &prompt_search_class },   /* n without a search */
  { KEYS_FILTER, &prompt_filter_class },
  { KEYS_CURSOR_PROMPT, &prompt_goto_class },
  { KEYS_USER, &userpicker_class },
  { KEYS_SIGNAL, &signalmenu_class },
  { KEYS_SETUP, &setuppicker_class },
  { KEYS_SORT, &sortpicker_class },
  { KEYS_DETAILS, &detailsbox_class },          /* Enter when the pane does not fit */
};

gint
panes_entry (const Viewer *v, LayoutPane pane)
{
  for (guint i = 0; i < panes_table_len; i++)
    if (panes_table[i].pane == pane && (!panes_table[i].shown || panes_table[i].shown (v)))
      return (gint) i;
  return -1;
}

const DialogClass *
panes_dialog (KeysAction action)
{
  for (guint i = 0; i < G_N_ELEMENTS (panes_dialogs); i++)
    if (panes_dialogs[i].action == action)
      return panes_dialogs[i].dialog;
  return NULL;
}
