/* prompt.c - the prompts typed in the function bar's place: the search,
 * the filter and where the time cursor goes.  One machine, three kinds:
 * each edit of the text may act at once (the search looks, the filter
 * applies), Enter keeps it, Esc puts back what was there. */
#include "dialog.h"

#include "actions.h"
#include "entry.h"

/* What makes one prompt differ from another. */
typedef struct {
  const char *what;            /* its label */
  const char *hint;            /* its keys */
  /* The prompt opens: the text it starts with and the one Esc puts back
   * (new strings, or NULL). */
  void (*begin) (Viewer *v, char **text, char **saved);
  /* The text was edited. */
  Reaction (*typed) (Viewer *v, const char *text);
  /* Up or Down (F3, Shift-F3): DIR 1 or -1; NULL: ignored. */
  Reaction (*step) (Viewer *v, int dir);
  /* Or: the lines typed before, which Up and Down bring back; NULL:
   * none. */
  Recall *(*recall) (Viewer *v);
  /* Enter: what it does with TEXT, REACTION_CLOSE when the prompt closes. */
  Reaction (*enter) (Viewer *v, const char *text);
  /* Esc: puts SAVED back. */
  Reaction (*cancel) (Viewer *v, const char *saved);
  /* What is wrong with the text now (a new string), or NULL. */
  char *(*why) (Viewer *v);
} PromptKind;

/* An open prompt. */
typedef struct {
  Dialog dialog;
  GString *text;               /* what is typed */
  char *saved;                 /* what Esc puts back */
} Prompt;

/* The kind of the prompt D. */
static const PromptKind *
prompt_kind (const Dialog *d)
{
  return d->klass->data;
}

/* DialogClass.open */
static gboolean
prompt_open (Dialog *d, Viewer *v)
{
  Prompt *p = (Prompt *) d;
  g_autofree char *text = NULL;

  prompt_kind (d)->begin (v, &text, &p->saved);
  p->text = g_string_new (text);
  if (prompt_kind (d)->recall)
    recall_rewind (prompt_kind (d)->recall (v));
  return TRUE;
}

/* DialogClass.clear */
static void
prompt_clear (Dialog *d)
{
  Prompt *p = (Prompt *) d;

  if (p->text)
    g_string_free (p->text, TRUE);
  g_free (p->saved);
}

/* DialogClass.key */
static Reaction
prompt_key (Dialog *d, Viewer *v, int code)
{
  Prompt *p = (Prompt *) d;
  const PromptKind *k = prompt_kind (d);

  if (code == KEYS_ESC)
    return k->cancel (v, p->saved) | REACTION_CLOSE;
  if (keys_is_enter (code))
    return k->enter (v, p->text->str);
  if (k->step && (code == KEYS_KEY_F (3) || code == KEYS_KEY_DOWN))
    return k->step (v, 1);
  if (k->step && (code == KEYS_KEY_F (15) || code == KEYS_KEY_UP))
    return k->step (v, -1);
  if (k->recall && (code == KEYS_KEY_UP || code == KEYS_KEY_DOWN))
    {
      const char *line = recall_step (k->recall (v), code == KEYS_KEY_UP ? -1 : 1, p->text->str);
      if (!line)
        return REACTION_NONE;
      g_string_assign (p->text, line);
      return k->typed (v, p->text->str);
    }
  if (entry_edit (p->text, code))
    return k->typed (v, p->text->str);
  return REACTION_NONE;
}

/* DialogClass.draw: in the function bar's place. */
static void
prompt_draw (Dialog *d, Viewer *v, WINDOW *bar)
{
  Prompt *p = (Prompt *) d;
  const PromptKind *k = prompt_kind (d);
  g_autofree char *why = k->why (v);

  if (bar)
    entry_draw (v, bar, k->what, p->text->str, why, k->hint);
}

/* PromptKind.typed, .cancel and .why of prompts that do nothing until
 * Enter. */
static Reaction
prompt_nothing (Viewer *v, const char *text)
{
  return REACTION_NONE;
}

/* PromptKind.why of prompts that cannot be wrong. */
static char *
prompt_never_wrong (Viewer *v)
{
  return NULL;
}

/* The search: from an empty text; Esc puts the last search back. */
static void
prompt_search_begin (Viewer *v, char **text, char **saved)
{
  actions_search_begin (v);
  *saved = g_strdup (v->search);
}

/* The search: to the next (DIR 1) or previous match. */
static Reaction
prompt_search_step (Viewer *v, int dir)
{
  return actions_search (v, dir, FALSE);
}

/* The search: Enter keeps it. */
static Reaction
prompt_search_enter (Viewer *v, const char *text)
{
  return REACTION_CLOSE;
}

/* The search: said when nothing matches. */
static char *
prompt_search_why (Viewer *v)
{
  return v->search_missed ? g_strdup (" no match ") : NULL;
}

/* Searching: each edit looks from the selection on. */
static const PromptKind prompt_search_kind = {
  .what = "Search: ", .hint = "  F3/Down next  Up previous  Enter keep  Esc cancel",
  .begin = prompt_search_begin, .typed = actions_search_set, .step = prompt_search_step,
  .enter = prompt_search_enter, .cancel = actions_search_restore, .why = prompt_search_why,
};

/* The filter: from the filter as it is, which Esc puts back. */
static void
prompt_filter_begin (Viewer *v, char **text, char **saved)
{
  *text = g_strdup (filter_text (v->filter));
  *saved = g_strdup (filter_text (v->filter));
}

/* The filter: Enter keeps it (for Up to bring back), unless what is typed
 * does not parse. */
static Reaction
prompt_filter_enter (Viewer *v, const char *text)
{
  if (v->filter_error)
    return REACTION_NONE;
  recall_add (&v->filter_recall, text);
  return REACTION_CLOSE;
}

/* The filter: the filters kept before. */
static Recall *
prompt_filter_recall (Viewer *v)
{
  return &v->filter_recall;
}

/* The filter: why what is typed does not parse. */
static char *
prompt_filter_why (Viewer *v)
{
  return v->filter_error ? g_strdup_printf ("  %s", v->filter_error) : NULL;
}

/* Filtering: each edit that parses applies at once; one that does not
 * keeps the last good filter and says why. */
static const PromptKind prompt_filter_kind = {
  .what = "Filter: ", .hint = "  Up/Down earlier filters  Enter keep  Esc cancel",
  .begin = prompt_filter_begin, .typed = actions_set_filter, .recall = prompt_filter_recall,
  .enter = prompt_filter_enter, .cancel = actions_set_filter, .why = prompt_filter_why,
};

/* Going to a moment: from an empty text, nothing to put back. */
static void
prompt_goto_begin (Viewer *v, char **text, char **saved)
{
}

/* Going to a moment: Enter moves the time cursor there. */
static Reaction
prompt_goto_enter (Viewer *v, const char *text)
{
  return REACTION_CLOSE | (*text ? cursor_goto (v->cursor, text) : REACTION_NONE);
}

/* Where the time cursor goes: an event number or a time. */
static const PromptKind prompt_goto_kind = {
  .what = "Go to: ", .hint = "  #event or hh:mm:ss.mmm  Enter go  Esc cancel",
  .begin = prompt_goto_begin, .typed = prompt_nothing, .enter = prompt_goto_enter,
  .cancel = prompt_nothing, .why = prompt_never_wrong,
};

/* The search prompt. */
const DialogClass prompt_search_class = {
  .name = "search", .size = sizeof (Prompt), .data = &prompt_search_kind,
  .open = prompt_open, .dispose = prompt_clear, .key = prompt_key, .draw = prompt_draw,
};

/* The filter prompt. */
const DialogClass prompt_filter_class = {
  .name = "filter", .size = sizeof (Prompt), .data = &prompt_filter_kind,
  .open = prompt_open, .dispose = prompt_clear, .key = prompt_key, .draw = prompt_draw,
};

/* The time cursor's prompt. */
const DialogClass prompt_goto_class = {
  .name = "goto", .size = sizeof (Prompt), .data = &prompt_goto_kind,
  .open = prompt_open, .dispose = prompt_clear, .key = prompt_key, .draw = prompt_draw,
};
