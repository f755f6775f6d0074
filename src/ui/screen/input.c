/* input.c - keys and mouse to handlers (see input.h). */
#include "input.h"

#include "panes.h"

/* The terminal's keys that are not characters, as the key table names
 * them (keys.h); function keys are translated apart. */
static const struct {
  int curses;
  int code;
} input_keys[] = {
  { KEY_UP, KEYS_KEY_UP }, { KEY_DOWN, KEYS_KEY_DOWN },
  { KEY_LEFT, KEYS_KEY_LEFT }, { KEY_RIGHT, KEYS_KEY_RIGHT },
  { KEY_PPAGE, KEYS_KEY_PAGE_UP }, { KEY_NPAGE, KEYS_KEY_PAGE_DOWN },
  { KEY_HOME, KEYS_KEY_HOME }, { KEY_END, KEYS_KEY_END },
  { KEY_BTAB, KEYS_KEY_BACKTAB }, { KEY_ENTER, KEYS_KEY_ENTER },
  { KEY_BACKSPACE, KEYS_KEY_BACKSPACE },
};

/* The code (keys.h) of curses key KEY, not a character. */
static int
input_translate (int key)
{
  if (key >= KEY_F0 && key <= KEY_F (63))
    return KEYS_KEY_F (key - KEY_F0);
  for (guint i = 0; i < G_N_ELEMENTS (input_keys); i++)
    if (input_keys[i].curses == key)
      return input_keys[i].code;
  return KEYS_KEY_OTHER;
}

/* Handles the key CODE (keys.h). */
static Reaction
input_code (Screen *s, Viewer *v, int code)
{
  const KeysEntry *e;
  const DialogClass *opens;
  View *view = screen_view (s, v, v->focus);
  Reaction r = REACTION_PASS;

  /* What waited for a key has been read; the selection is the user's. */
  message_key (&v->message);
  v->seek_match = FALSE;
  if (s->dialog)
    {
      /* Ctrl-C cancels a dialog as Esc does; it quits only from the panes. */
      if (code == KEYS_CTRL ('c'))
        code = KEYS_ESC;
      return s->dialog->klass->key (s->dialog, v, code);
    }
  e = keys_find (code);
  if (!e)
    return REACTION_NONE;
  if (view && view->klass->key)
    r = view->klass->key (view, v, e->action);
  if ((r & REACTION_PASS) && e->run)
    r = e->run (v);
  if ((r & REACTION_PASS) && (opens = panes_dialog (e->action)))
    {
      screen_open (s, v, opens);
      r = REACTION_NONE;
    }
  return r & ~REACTION_PASS;
}

/* A mouse event. */
static Reaction
input_mouse (Screen *s, Viewer *v)
{
  MEVENT me;
  LayoutPane pane;
  View *view;
  Reaction r;

  if (getmouse (&me) != OK)
    return REACTION_NONE;
  /* Only the left button's presses (alone, or with their releases when
   * they came in one read: clicks) and the wheel act; a release coming
   * after its press acted must not close the help its press opened, and
   * the other buttons do nothing. */
  if (!(me.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED
                     | BUTTON1_TRIPLE_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED)))
    return REACTION_NONE;
  v->seek_match = FALSE;
  if (s->dialog)
    return s->dialog->klass->click ? s->dialog->klass->click (s->dialog, v) : REACTION_NONE;
  pane = layout_hit (&v->layout, me.y, me.x);
  view = screen_view (s, v, pane);
  if (!view || !view->klass->click)
    return REACTION_NONE;
  ViewClick c = {
    .y = me.y - v->layout.pane[pane].y, .x = me.x - v->layout.pane[pane].x,
    .wheel = (me.bstate & BUTTON4_PRESSED) ? -1 : (me.bstate & BUTTON5_PRESSED) ? 1 : 0,
  };
  r = view->klass->click (view, v, &c);
  if (c.press)
    r |= input_code (s, v, c.press);
  return r;
}

Reaction
input_key (Screen *s, Viewer *v, int key, gboolean is_char)
{
  if (is_char)
    return input_code (s, v, key);
  if (key == KEY_RESIZE)
    return REACTION_LAYOUT;
  if (key == KEY_MOUSE)
    return input_mouse (s, v);
  return input_code (s, v, input_translate (key));
}
