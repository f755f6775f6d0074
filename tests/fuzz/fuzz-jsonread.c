/* fuzz-jsonread.c - any bytes as one line of a recording. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "jsonread.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Whether two strings (either may be NULL) are equal. */
static gboolean
fuzz_str_equal (const char *a, const char *b)
{
  return g_strcmp0 (a, b) == 0 && (a == NULL) == (b == NULL);
}

/* Whether two events read from JSON are equal in every field. */
static gboolean
fuzz_event_equal (const Event *a, const Event *b)
{
  Event x = *a, y = *b;
  x.comm = y.comm = x.exe = y.exe = NULL;
  x.argv = y.argv = NULL;
  x.cost = y.cost = NULL;
  if (memcmp (&x, &y, sizeof x) != 0 || !cost_equal (a->cost, b->cost)
      || !fuzz_str_equal (a->comm, b->comm)
      || !fuzz_str_equal (a->exe, b->exe) || (a->argv == NULL) != (b->argv == NULL))
    return FALSE;
  return !a->argv || g_strv_equal ((const char *const *) a->argv,
                                   (const char *const *) b->argv);
}

/* Parses DATA; an accepted record must be sane and survive being written
 * and read again unchanged (but that an exit then says what it ended); a
 * refused one must leave the event alone. */
int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (GError) error = NULL;
  Event ev = { .pid = -4242 };

  if (!jsonread_event ((const char *) data, size, &ev, &error))
    {
      if (!error || !error->message[0] || ev.pid != -4242)
        abort ();
      return 0;
    }
  if (error || (guint) ev.kind >= EVENT_KIND_MAX || ev.pid < 0 || ev.tgid < 0
      || (ev.comm && !g_utf8_validate (ev.comm, -1, NULL)))
    abort ();

  g_autoptr (GString) line = g_string_new (NULL);
  Event again = { 0 };
  json_event (line, &ev, NULL, NULL);
  ev.ends = event_ends (&ev);
  if (!jsonread_event (line->str, line->len, &again, NULL) || !fuzz_event_equal (&ev, &again))
    abort ();
  event_clear (&again);
  event_clear (&ev);
  return 0;
}
