/* test-cgroup.c - what cgroup paths say: the container each runtime's
 * paths name (cgroup v1 and v2, nested, truncated ids, lookalikes), the
 * units of the UNIT column, and which line of /proc/PID/cgroup decides. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "cgroup.h"

/* A 64-digit container id, and another. */
#define ID "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define ID2 "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210"
/* A pod's uid, and as systemd's slices write it. */
#define POD "6b4c2f1e-8a3d-4e5f-9a0b-1c2d3e4f5a6b"
#define POD_ "6b4c2f1e_8a3d_4e5f_9a0b_1c2d3e4f5a6b"

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
    /* cgroupfs: a bare id under docker/ or a pod. */
    { "/docker/" ID, "0123456789ab" },
    { "/kubepods/besteffort/pod" POD "/" ID, "0123456789ab" },
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
    /* A machine's scope is a unit: its name is the CONTAINER column's. */
    { "/machine.slice/machine-box.scope", "machine-box.scope" },
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

/* One path and the container it names: RUNTIME, ID, POD; RUNTIME NULL
 * for none. */
typedef struct {
  const char *path, *runtime, *id, *pod;
} Case;

/* Checks each of the N CASES. */
static void
check_cases (const Case *cases, gsize n)
{
  for (gsize i = 0; i < n; i++)
    {
      Container *c = cgroup_container (cases[i].path);
      if (!cases[i].runtime)
        {
          if (c)
            fail_msg ("%s: got %s %s, want none", cases[i].path, c->runtime, c->id);
          continue;
        }
      if (!c)
        fail_msg ("%s: got none, want %s", cases[i].path, cases[i].runtime);
      if (strcmp (c->runtime, cases[i].runtime) != 0 || strcmp (c->id, cases[i].id) != 0
          || g_strcmp0 (c->pod, cases[i].pod) != 0)
        fail_msg ("%s: got %s %s %s, want %s %s %s", cases[i].path, c->runtime, c->id,
                  c->pod ? c->pod : "-", cases[i].runtime, cases[i].id,
                  cases[i].pod ? cases[i].pod : "-");
      container_unref (c);
    }
}

/* The shapes each runtime gives its containers' cgroups, with the systemd
 * cgroup driver (the unified hierarchy, or name=systemd on v1) and the
 * cgroupfs one (v1 controllers, or v2 without systemd). */
static void
test_runtimes (void **state)
{
  static const Case cases[] = {
    /* docker */
    { "/system.slice/docker-" ID ".scope", "docker", ID, NULL },
    { "/docker/" ID, "docker", ID, NULL },
    /* a process in a sub-cgroup of its container (systemd in docker) */
    { "/system.slice/docker-" ID ".scope/system.slice/nginx.service", "docker", ID, NULL },
    { "/docker/" ID "/init.scope", "docker", ID, NULL },
    /* podman: rootful, rootless, its split "container" cgroup, in a pod,
     * cgroupfs */
    { "/machine.slice/libpod-" ID ".scope", "podman", ID, NULL },
    { "/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-" ID ".scope",
      "podman", ID, NULL },
    { "/machine.slice/libpod-" ID ".scope/container", "podman", ID, NULL },
    { "/machine.slice/machine-libpod_pod_" ID2 ".slice/libpod-" ID ".scope", "podman", ID,
      NULL },
    { "/libpod_parent/libpod-" ID, "podman", ID, NULL },
    /* containerd and nerdctl */
    { "/system.slice/nerdctl-" ID ".scope", "containerd", ID, NULL },
    /* Kubernetes: the systemd driver (the uid's dashes as '_'), each QoS
     * class, the runtime its scope names */
    { "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" POD_ ".slice/"
      "cri-containerd-" ID ".scope", "containerd", ID, POD },
    { "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" POD_ ".slice/"
      "crio-" ID ".scope", "cri-o", ID, POD },
    { "/kubepods.slice/kubepods-pod" POD_ ".slice/docker-" ID ".scope", "docker", ID, POD },
    /* the cgroupfs driver: a bare id, whose runtime is not said */
    { "/kubepods/burstable/pod" POD "/" ID, "kubernetes", ID, POD },
    { "/kubepods/pod" POD "/" ID, "kubernetes", ID, POD },
    /* kind: Kubernetes in a docker container; the innermost wins */
    { "/system.slice/docker-" ID2 ".scope/kubelet.slice/kubelet-kubepods.slice/"
      "kubelet-kubepods-besteffort.slice/kubelet-kubepods-besteffort-pod" POD_ ".slice/"
      "cri-containerd-" ID ".scope", "containerd", ID, POD },
    /* docker in docker */
    { "/docker/" ID2 "/docker/" ID, "docker", ID, NULL },
    /* LXC 4 and LXD, systemd inside; LXC before 4 */
    { "/lxc.payload.web", "lxc", "web", NULL },
    { "/lxc.payload.web/system.slice/ssh.service", "lxc", "web", NULL },
    { "/lxc/web", "lxc", "web", NULL },
    /* machines: nspawn's scope (escaped name), its payload, the service
     * machinectl starts; a VM's emulator */
    { "/machine.slice/machine-fedora\\x2d38.scope", "machine", "fedora-38", NULL },
    { "/machine.slice/machine-box.scope/payload/system.slice/ssh.service", "machine", "box",
      NULL },
    { "/machine.slice/systemd-nspawn@box.service/payload", "machine", "box", NULL },
    { "/machine.slice/systemd-nspawn@box.service/payload/init.scope", "machine", "box", NULL },
    { "/machine.slice/machine-qemu\\x2d1\\x2dvm1.scope/libvirt/emulator", "machine",
      "qemu-1-vm1", NULL },
  };
  check_cases (cases, G_N_ELEMENTS (cases));
}

/* What looks like a container but is none: the runtimes' own services,
 * their monitors, ids cut short or too long, ids where no runtime puts
 * them, a pod without a container. */
static void
test_lookalikes (void **state)
{
  static const Case cases[] = {
    { "/system.slice/docker.service", NULL, NULL, NULL },
    { "/system.slice/containerd.service", NULL, NULL, NULL },
    { "/system.slice/system-docker\\x2dcompose.slice/docker-compose@x.service", NULL, NULL,
      NULL },
    { "/system.slice/docker-compose@x.service", NULL, NULL, NULL },
    /* conmon, LXC's monitor, nspawn itself */
    { "/machine.slice/libpod-conmon-" ID ".scope", NULL, NULL, NULL },
    { "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" POD_ ".slice/"
      "crio-conmon-" ID ".scope", NULL, NULL, NULL },
    { "/lxc.monitor.web", NULL, NULL, NULL },
    { "/machine.slice/machine-box.scope/supervisor", NULL, NULL, NULL },
    { "/machine.slice/systemd-nspawn@box.service/supervisor", NULL, NULL, NULL },
    /* truncated, short, too long, not hex */
    { "/system.slice/docker-" "123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
      ".scope", NULL, NULL, NULL },
    { "/docker/0123456789ab", NULL, NULL, NULL },
    { "/docker/" ID "0", NULL, NULL, NULL },
    { "/system.slice/docker-" ID "0.scope", NULL, NULL, NULL },
    { "/docker/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdeg", NULL, NULL,
      NULL },
    /* a slice or a cgroup named like an id, an id under no runtime */
    { "/user.slice/" ID ".slice", NULL, NULL, NULL },
    { "/user.slice/user-1000.slice/" ID, NULL, NULL, NULL },
    { "/" ID, NULL, NULL, NULL },
    { "/dockerd/" ID, NULL, NULL, NULL },
    /* a pod uid where Kubernetes is not, a pod with no container */
    { "/pod" POD "/" ID, NULL, NULL, NULL },
    { "/kubepods/burstable/pod" POD, NULL, NULL, NULL },
    { "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" POD_ ".slice", NULL,
      NULL, NULL },
    /* empty names */
    { "/lxc.payload.", NULL, NULL, NULL },
    { "/machine.slice/machine-.scope", NULL, NULL, NULL },
    { "/", NULL, NULL, NULL },
    { "", NULL, NULL, NULL },
    { "////", NULL, NULL, NULL },
  };
  check_cases (cases, G_N_ELEMENTS (cases));
  assert_null (cgroup_container (NULL));
}

/* A pod's uid with a malformed slice is no pod: the container stays, the
 * pod is not made up. */
static void
test_pod_malformed (void **state)
{
  static const Case cases[] = {
    { "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1.slice/"
      "cri-containerd-" ID ".scope", "containerd", ID, NULL },
    { "/kubepods.slice/kubepods-pod" POD ".slice/crio-" ID ".scope", "cri-o", ID, NULL },
  };
  check_cases (cases, G_N_ELEMENTS (cases));
}

/* One container, one object: the same identity comes back as the same
 * pointer, and goes when its last reference does. */
static void
test_interned (void **state)
{
  guint before = container_count ();
  Container *a = cgroup_container ("/system.slice/docker-" ID ".scope");
  Container *b = cgroup_container ("/docker/" ID);
  Container *c = cgroup_container ("/machine.slice/libpod-" ID ".scope");

  assert_ptr_equal (a, b);
  assert_ptr_not_equal (a, c);
  assert_int_equal (container_count (), before + 2);
  container_unref (a);
  container_unref (b);
  container_unref (c);
  assert_int_equal (container_count (), before);
}

/* Which line of a /proc/PID/cgroup file decides: on v2 the one line; on
 * hybrid and v1 systems the line that names a container, the unified one
 * first, then name=systemd, then the controllers; else the unified line,
 * else name=systemd, else the first. */
static void
test_pick (void **state)
{
  static const struct { const char *text, *want; } cases[] = {
    /* v2 */
    { "0::/system.slice/docker-" ID ".scope\n", "/system.slice/docker-" ID ".scope" },
    { "0::/user.slice/user-1000.slice/session-3.scope\n",
      "/user.slice/user-1000.slice/session-3.scope" },
    /* hybrid: docker's cgroupfs driver left the unified line alone */
    { "9:name=systemd:/docker/" ID "\n8:pids:/docker/" ID "\n4:memory:/docker/" ID
      "\n0::/system.slice/containerd.service\n", "/docker/" ID },
    /* hybrid: the controllers only (name=systemd not managed by it) */
    { "9:name=systemd:/system.slice/containerd.service\n4:memory:/docker/" ID
      "\n1:cpu:/docker/" ID "\n0::/system.slice/containerd.service\n", "/docker/" ID },
    /* hybrid, the systemd driver: the unified line */
    { "9:name=systemd:/system.slice/docker-" ID ".scope\n4:memory:/system.slice/docker-" ID2
      ".scope\n0::/system.slice/docker-" ID ".scope\n", "/system.slice/docker-" ID ".scope" },
    /* no container: the unified line, however late */
    { "9:name=systemd:/\n4:memory:/process_api/4e1567814dd7a1b549c68ad626972185\n0::/\n",
      "/" },
    /* v1 only: name=systemd, else the first */
    { "2:cpu:/\n1:name=systemd:/user.slice/user-0.slice/session-1.scope\n",
      "/user.slice/user-0.slice/session-1.scope" },
    { "4:memory:/x\n3:cpu:/y\n", "/x" },
    /* a path holding ':' and no newline at the end */
    { "0::/a:b", "/a:b" },
    /* malformed lines are skipped */
    { "garbage\nx:cpu:/nope\n3:cpu\n0::relative\n1:cpu:/yes\n", "/yes" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = cgroup_pick (cases[i].text);
      if (g_strcmp0 (got, cases[i].want) != 0)
        fail_msg ("case %zu: got '%s', want '%s'", i, got, cases[i].want);
    }
  assert_null (cgroup_pick (""));
  assert_null (cgroup_pick ("nothing\n"));
  assert_null (cgroup_pick (NULL));
}

/* How a container is shown: its name, else a hex id cut to 12 digits,
 * else the name it runs under. */
static void
test_label (void **state)
{
  Container *d = container_get ("docker", ID, NULL);
  Container *l = container_get ("lxc", "web", NULL);
  g_autoptr (GString) out = g_string_new (NULL);

  container_label (out, d);
  assert_string_equal (out->str, "docker:0123456789ab");
  assert_true (container_id_is_hex (d));
  assert_false (container_id_is_hex (l));
  assert_true (container_set_name (d, "web"));
  assert_false (container_set_name (d, "other"));  /* set once */
  assert_string_equal (container_name (d), "web");
  g_string_truncate (out, 0);
  container_label (out, d);
  assert_string_equal (out->str, "docker:web");
  g_string_truncate (out, 0);
  container_label (out, l);
  assert_string_equal (out->str, "lxc:web");
  assert_false (container_set_name (l, ""));
  assert_null (container_name (l));
  assert_true (container_claim_lookup (l));
  assert_false (container_claim_lookup (l));
  /* Out of bounds: no container. */
  g_autofree char *huge = g_strnfill (CONTAINER_TEXT_MAX + 1, 'a');
  assert_null (container_get ("docker", huge, NULL));
  assert_null (container_get ("", "x", NULL));
  assert_null (container_get ("docker", "x", ""));
  container_unref (d);
  container_unref (l);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_unit),
    cmocka_unit_test (test_runtimes),
    cmocka_unit_test (test_lookalikes),
    cmocka_unit_test (test_pod_malformed),
    cmocka_unit_test (test_interned),
    cmocka_unit_test (test_pick),
    cmocka_unit_test (test_label),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
