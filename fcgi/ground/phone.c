/*
 * phone: US numbers to E.164; see phone.h.
 */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "phone.h"

int
phone_normalize(const char *in, char out[PHONE_E164_LEN + 1],
    const char **why)
{
	char d[32];
	size_t n = 0;
	bool plus = false, seen = false;
	const char *p;

	for (p = in; *p != '\0'; p++) {
		if (isdigit((unsigned char)*p)) {
			if (n == sizeof(d) - 1) {
				*why = "too many digits for a phone number";
				return -1;
			}
			d[n++] = *p;
			seen = true;
		} else if (*p == '+' && !seen && !plus)
			plus = true;
		else if (strchr(" -.()/\t", *p) == NULL) {
			*why = isalpha((unsigned char)*p) ?
			    "letters in the phone number" :
			    "not a phone number";
			return -1;
		}
	}
	d[n] = '\0';
	if (n == 0) {
		*why = "no phone number";
		return -1;
	}
	if (plus && d[0] != '1') {
		*why = "not a US number";
		return -1;
	}
	if (n == 11 && d[0] == '1') {
		memmove(d, d + 1, 11);
		n = 10;
	} else if (plus || n > 11) {
		*why = n > 11 ? "too many digits for a US number" :
		    "not a US number";
		return -1;
	}
	if (n != 10) {
		*why = n < 10 ? "too few digits for a US number" :
		    "not a US number";
		return -1;
	}
	if (d[0] < '2' || (d[1] == '1' && d[2] == '1')) {
		*why = "not a valid US area code";
		return -1;
	}
	if (d[3] < '2') {
		*why = "not a valid US number (the exchange starts with 0 or 1)";
		return -1;
	}
	out[0] = '+';
	out[1] = '1';
	memcpy(out + 2, d, 10);
	out[PHONE_E164_LEN] = '\0';
	return 0;
}

bool
phone_is_fictional(const char *e164)
{
	/* "+1" NPA "555" "01" XX */
	return e164 != NULL && strlen(e164) == PHONE_E164_LEN &&
	    memcmp(e164 + 5, "55501", 5) == 0;
}

uint64_t
phone_key(const char *e164)
{
	uint64_t k = 0;
	const char *p = e164 + 2;

	while (*p >= '0' && *p <= '9')
		k = k * 10 + (uint64_t)(*p++ - '0');
	return k;
}

void
phone_from_key(uint64_t key, char out[PHONE_E164_LEN + 1])
{
	int i;

	out[0] = '+';
	out[1] = '1';
	for (i = 11; i >= 2; i--) {
		out[i] = (char)('0' + key % 10);
		key /= 10;
	}
	out[PHONE_E164_LEN] = '\0';
}

void
phone_display(const char *e164, char *out, size_t len)
{
	const char *d = e164 != NULL ? e164 : "";
	size_t i;

	if (strlen(d) == PHONE_E164_LEN && d[0] == '+' && d[1] == '1') {
		for (i = 2; i < PHONE_E164_LEN && d[i] >= '0' && d[i] <= '9'; i++)
			;
		if (i == PHONE_E164_LEN) {
			snprintf(out, len, "(%.3s) %.3s-%.4s", d + 2, d + 5,
			    d + 8);
			return;
		}
	}
	snprintf(out, len, "%s", d);
}
