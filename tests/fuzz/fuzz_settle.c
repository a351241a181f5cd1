/*
 * libFuzzer harness: the provider's answers the sender reads about a
 * message whose fate is unknown (GET /reports/mdrs): the records that may
 * be it, and the decision, with every other candidate known or not.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <cJSON.h>

#include "send_settle.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct settle_record c[8];
	struct settle_decision d;
	bool known[8];
	cJSON *body = cJSON_ParseWithLength((const char *)data, size);
	size_t n, i;

	n = settle_candidates(body, "+14155550100", "+12025550123", c, 8);
	for (i = 0; i < n; i++)
		known[i] = (i % 2) == 1;
	settle_decide(200, NULL, c, known, n, 30, 600, &d);
	settle_decide(200, NULL, c, known, n, 900, 600, &d);
	settle_decide(size > 0 ? (long)data[0] * 2 : 0, "reason", c, known, n,
	    (long long)size, 600, &d);
	cJSON_Delete(body);
	return 0;
}
