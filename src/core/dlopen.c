/*
 * dlopen.c — loading a library when first needed (see dlopen.h).
 */
#include "dlopen.h"

#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

int hv_dlopen(void **handle, const char *soname, const char *what, const char *package,
              const struct hv_dlsym *syms, size_t n, struct hv_error *err)
{
	if (*handle)
		return 0;
	if (!soname || !*soname)
		return hv_fail(err, HV_EIO,
		               "this haven was built without knowing which file %s is in; "
		               "install %s and build haven again",
		               what, package);
	void *dl = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
	if (!dl)
		return hv_fail(err, HV_EIO,
		               "cannot load %s (%s): %s. Install the Debian package %s", what,
		               soname, dlerror(), package);
	void **found = calloc(n ? n : 1, sizeof *found);
	if (!found) {
		dlclose(dl);
		return hv_fail(err, HV_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < n; i++) {
		dlerror();
		found[i] = dlsym(dl, syms[i].name);
		if (!found[i]) {
			hv_fail(err, HV_EIO, "%s (%s) has no %s; install a newer %s", what, soname,
			        syms[i].name, package);
			free(found);
			dlclose(dl);
			return -1;
		}
	}
	for (size_t i = 0; i < n; i++)
		*syms[i].fn = found[i];
	free(found);
	*handle = dl; /* kept open for the life of the process */
	return 0;
}
