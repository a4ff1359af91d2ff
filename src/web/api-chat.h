/*
 * api-chat.h — handlers of the chat reality check's API (api-chat.c),
 * listed in the route table of api.c.
 */
#ifndef HAVEN_API_CHAT_H
#define HAVEN_API_CHAT_H

#include "server.h"

#ifndef HV_API_HANDLER
#define HV_API_HANDLER(name)                                                                      \
	void name(struct hv_store *st, const struct hv_request *req, const char *id,              \
		  struct hv_reply *reply)
#endif

HV_API_HANDLER(hv_api_chat_list);
HV_API_HANDLER(hv_api_chat_wait);
HV_API_HANDLER(hv_api_chat_patterns);
HV_API_HANDLER(hv_api_chat_forget);
HV_API_HANDLER(hv_api_chat_import);

#endif
