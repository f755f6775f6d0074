/* test-cgroup.c - the names of cgroups: containers by their short id,
 * else the innermost systemd unit, else the path. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "cgroup.h"

/* A 64-digit container id. */
#define ID "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

/* Each runtime's scope, units at any depth, and what is neither. */
static void
test_unit (void **state)
{
  static const struct { const char *path, *want; } cases[] = {
    { "/system.slice/docker-" ID ".scope", "0123456789ab" },
    { "/machine.slice/libpod-" ID ".scope", "0123456789ab" },
    { "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1.slice/"
      "cri-containerd-" ID ".scope", "0123456789ab" },
    { "/kubepods/crio-" ID ".scope", "0123456789ab" },
    /* The container wins over the units around it, at any depth. */
    { "/system.slice/docker-" ID ".scope/init.scope", "0123456789ab" },
    /* Not an id: 63 digits, or not hex. */
    { "/system.slice/docker-" "123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
      ".scope", "docker-123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.scope" },
    { "/system.slice/ssh.service", "ssh.service" },
    { "/user.slice/user-1000.slice/user@1000.service/init.scope", "user@1000.service" },
    { "/user.slice/user-1000.slice/user@1000.service/app.slice/app-foo.scope",
      "app-foo.scope" },
    { "/user.slice/user-1000.slice/session-4.scope", "session-4.scope" },
    { "/init.scope", "init.scope" },
    { "/system.slice", "system.slice" },
    { "/system.slice/foo.service/worker", "foo.service" },
    { "/", "/" },
    { "/lxc/box", "/lxc/box" },
    { "", "" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = cgroup_unit (cases[i].path);
      if (g_strcmp0 (got, cases[i].want) != 0)
        fail_msg ("%s: got '%s', want '%s'", cases[i].path, got, cases[i].want);
    }
  assert_null (cgroup_unit (NULL));
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_unit),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
