/*
 * api-settings.h — handlers of the region setting and the help directory
 * (api-settings.c), listed in the route table of api.c.
 */
#ifndef HAVEN_API_SETTINGS_H
#define HAVEN_API_SETTINGS_H

#include "server.h"

#ifndef HV_API_HANDLER
#define HV_API_HANDLER(name)                                                                       \
	void name(struct hv_store *st, const struct hv_request *req, const char *id,               \
	          struct hv_reply *reply)
#endif

HV_API_HANDLER(hv_api_region_get);
HV_API_HANDLER(hv_api_region_set);
HV_API_HANDLER(hv_api_help);

#endif
