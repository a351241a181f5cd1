/*
 * libFuzzer harness: contact files. The CSV reader on arbitrary bytes fed
 * in arbitrary pieces (the first byte picks the piece size), every field
 * through the phone normalizer, and the text through the SMS counter and
 * the merge-field renderer. Checks the reader's promises: fields are
 * NUL-terminated inside the record limit, line numbers never go back.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "csv.h"
#include "phone.h"
#include "script.h"
#include "sms.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct seen {
	long	 last_line;
};

static const char *
lookup(const char *name, void *ctx)
{
	(void)ctx;
	return strcmp(name, "first_name") == 0 ? "Ada" : NULL;
}

static int
record(void *ctx, long line, char **f, size_t n, const char *error)
{
	struct seen *s = ctx;
	char e164[PHONE_E164_LEN + 1];
	struct sms_count c;
	struct arena a;
	const char *why;
	size_t i;

	if (line < s->last_line)
		abort();
	s->last_line = line;
	if (error != NULL && n != 0)
		abort();
	arena_init(&a, 4096);
	for (i = 0; i < n; i++) {
		if (strlen(f[i]) > 1024)
			abort();
		if (phone_normalize(f[i], e164, &why) == 0 &&
		    (strlen(e164) != PHONE_E164_LEN || e164[0] != '+'))
			abort();
		(void)sms_count(f[i], &c);
		(void)script_render(&a, f[i], lookup, NULL, NULL);
	}
	arena_free(&a);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct seen s = { 0 };
	struct csv c;
	size_t step, i;

	if (size < 1 || csv_init(&c, 1024) == -1)
		return 0;
	step = (size_t)data[0] % 16 + 1;
	for (i = 1; i < size; i += step)
		(void)csv_feed(&c, (const char *)data + i, size - i < step ?
		    size - i : step, record, &s);
	(void)csv_finish(&c, record, &s);
	csv_free(&c);
	return 0;
}
