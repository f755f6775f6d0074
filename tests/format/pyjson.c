/* pyjson.c - python3 as a reference JSON parser in tests (see pyjson.h). */
#include "pyjson.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include <gio/gio.h>

gboolean
pyjson_available (void)
{
  g_autofree char *python = g_find_program_in_path ("python3");
  return python != NULL;
}

char *
pyjson_run (const char *script, const char *input)
{
  g_autofree char *python = g_find_program_in_path ("python3");
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) out = NULL, err = NULL;

  assert_non_null (python);
  g_autoptr (GSubprocess) proc =
    g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                      | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error, python, "-c", script, NULL);
  assert_non_null (proc);
  g_autoptr (GBytes) in = g_bytes_new (input, strlen (input));
  assert_true (g_subprocess_communicate (proc, in, NULL, &out, &err, &error));
  if (!g_subprocess_get_successful (proc))
    fail_msg ("python3 failed: %.*s", (int) g_bytes_get_size (err),
              (const char *) g_bytes_get_data (err, NULL));
  return g_strndup (g_bytes_get_data (out, NULL), g_bytes_get_size (out));
}
