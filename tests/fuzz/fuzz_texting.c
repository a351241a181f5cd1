/*
 * libFuzzer harness: what texting reads from outside. An inbound text
 * (the opt-out keyword check), and a script with a contact's fields (the
 * fields JSON comes from an uploaded contact file): the input is split at
 * its first NUL into script and fields.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "texting.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct texting_contact c = { "Ada", "Lovelace", NULL, "Grace Hopper",
	    "Reply STOP to stop." };
	struct arena a;
	char *text = malloc(size + 2), *fields;

	if (text == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = text[size + 1] = '\0';
	(void)texting_is_opt_out(text);
	fields = text + strlen(text) + 1;
	c.fields = fields < text + size ? fields : NULL;
	arena_init(&a, 4096);
	(void)texting_render(&a, text, &c);
	arena_free(&a);
	free(text);
	return 0;
}
