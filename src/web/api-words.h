/*
 * api-words.h — handlers of the thinking-and-words API (api-words.c),
 * listed in the route table of api.c.
 */
#ifndef HAVEN_API_WORDS_H
#define HAVEN_API_WORDS_H

#include "server.h"

#define HV_API_HANDLER(name)                                                                      \
	void name(struct hv_store *st, const struct hv_request *req, const char *id,              \
		  struct hv_reply *reply)

HV_API_HANDLER(hv_api_check);
HV_API_HANDLER(hv_api_coach);
HV_API_HANDLER(hv_api_hold);
HV_API_HANDLER(hv_api_held);
HV_API_HANDLER(hv_api_held_decide);
HV_API_HANDLER(hv_api_thought_propose);
HV_API_HANDLER(hv_api_thought_add);
HV_API_HANDLER(hv_api_thoughts);
HV_API_HANDLER(hv_api_patterns);

#endif
