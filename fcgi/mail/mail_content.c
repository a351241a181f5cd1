/*
 * mail_content: the words of the provisioning emails; see mail_content.h.
 *
 * Each email is written once, as a sequence of paragraphs, and comes out
 * twice: as plain text and as HTML. Every piece of text goes through
 * put(), which keeps it on one line (a name cannot start a new line in
 * the text) and escapes it for the HTML.
 */
#define _POSIX_C_SOURCE 200809L
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "email_event.h"
#include "mail_content.h"
#include "mail_msg.h"

#define CONTENT_LIMIT	(256 * 1024)

struct doc {
	struct arena	*a;
	struct buf	 text, html;
};

/* Text for the HTML only, escaped (and kept on one line). */
static void
put_html(struct doc *d, const char *s)
{
	const char *p;

	for (p = mail_one_line(d->a, s != NULL ? s : ""); *p != '\0'; p++) {
		switch (*p) {
		case '&': buf_adds(&d->html, "&amp;"); break;
		case '<': buf_adds(&d->html, "&lt;"); break;
		case '>': buf_adds(&d->html, "&gt;"); break;
		case '"': buf_adds(&d->html, "&quot;"); break;
		case '\'': buf_adds(&d->html, "&#39;"); break;
		default: buf_add(&d->html, p, 1); break;
		}
	}
}

/* Text for the plain version only, kept on one line. */
static void
put_text(struct doc *d, const char *s)
{
	buf_adds(&d->text, mail_one_line(d->a, s != NULL ? s : ""));
}

/* Text in both versions. */
static void
put(struct doc *d, const char *s)
{
	put_text(d, s);
	put_html(d, s);
}

static void
html_only(struct doc *d, const char *s)
{
	buf_adds(&d->html, s);
}

static void
para(struct doc *d)
{
	buf_adds(&d->text, "\n\n");
	html_only(d, "</p>\n<p>");
}

/* "label: url" in the text, a link (styled as a button) in the HTML. */
static void
link(struct doc *d, const char *label, const char *url)
{
	put_text(d, label);
	put_text(d, ": ");
	put_text(d, url);
	html_only(d, "<a href=\"");
	put_html(d, url);
	html_only(d, "\" style=\"display:inline-block;padding:8px 16px;"
	    "background:#1f5fbf;color:#ffffff;text-decoration:none;"
	    "border-radius:4px\">");
	put_html(d, label);
	html_only(d, "</a>");
}

/* A page of the app for this email's organization: links name it, so a
 * device signed in to another of the person's organizations opens the
 * right one (the SPA switches to it, or says the account has no access). */
static const char *
page(struct doc *d, const struct mail_event *e, const char *url,
    const char *path)
{
	return arena_printf(d->a, "%s%s?org=%lld", url, path, e->org_id);
}

/* The recipient's base URL without a trailing slash. */
static const char *
base_url(struct arena *a, const struct mail_event *e)
{
	const char *u = e->public_url != NULL ? e->public_url : "";
	size_t n = strlen(u);

	while (n > 0 && u[n - 1] == '/')
		n--;
	return arena_strndup(a, u, n);
}

static void
number_complete(struct doc *d, const struct mail_event *e, const char *url)
{
	put(d, "Your dedicated number ");
	put(d, email_phone(d->a, e->phone_number));
	if (email_has(e->number_name)) {
		put(d, " (\"");
		put(d, e->number_name);
		put(d, "\")");
	}
	put(d, " has finished provisioning with the carriers. It is ready "
	    "to send messages and can now be chosen for campaigns.");
	para(d);
	put(d, "Organization: ");
	put(d, e->org_name);
	html_only(d, "<br>");
	buf_adds(&d->text, "\n");
	put(d, "Use case: ");
	put(d, e->use_case_name);
	para(d);
	link(d, "See the number", page(d, e, url, arena_printf(d->a,
	    "/numbers/%lld", e->number_id)));
}

static void
reason(struct doc *d, const struct mail_event *e)
{
	put(d, "The reason: ");
	put(d, email_has(e->failure_reason) ? e->failure_reason :
	    "the provider gave none.");
}

static void
number_failed(struct doc *d, const struct mail_event *e, const char *url)
{
	put(d, "Your dedicated number ");
	if (email_has(e->number_name)) {
		put(d, "\"");
		put(d, e->number_name);
		put(d, "\" ");
	}
	put(d, "in area code ");
	put(d, email_area_list(d->a, e->area_codes));
	put(d, " could not be provisioned with the carriers.");
	para(d);
	reason(d, e);
	para(d);
	put(d, "What to do: create a new number on the Phone Numbers page, "
	    "perhaps in another area code. The failed number does not count "
	    "against the 49 numbers of its use case.");
	para(d);
	link(d, "Create a new number", page(d, e, url, "/numbers"));
	para(d);
	put_text(d, "The failed number and its timeline: ");
	put_text(d, page(d, e, url, arena_printf(d->a, "/numbers/%lld",
	    e->number_id)));
	html_only(d, "The failed number and <a href=\"");
	put_html(d, page(d, e, url, arena_printf(d->a, "/numbers/%lld",
	    e->number_id)));
	html_only(d, "\">its timeline</a>.");
}

static void
campaign_active(struct doc *d, const struct mail_event *e, const char *url)
{
	put(d, "Your campaign \"");
	put(d, e->campaign_name);
	put(d, "\" is now Active: its single-use number ");
	put(d, email_phone(d->a, e->phone_number));
	put(d, " has finished provisioning with the carriers. Texters can "
	    "send its initial messages within the campaign's sending "
	    "window.");
	para(d);
	put(d, "Organization: ");
	put(d, e->org_name);
	para(d);
	link(d, "See the campaign", page(d, e, url, arena_printf(d->a,
	    "/campaigns/%lld", e->campaign_id)));
}

static void
campaign_failed(struct doc *d, const struct mail_event *e, const char *url)
{
	put(d, "Your campaign \"");
	put(d, e->campaign_name);
	put(d, "\" could not launch: its single-use number could not be "
	    "provisioned with the carriers.");
	para(d);
	reason(d, e);
	para(d);
	put(d, "What to do: retry with a new number. That makes a new draft "
	    "of the campaign, with its settings and contacts, and archives "
	    "the failed one; launch the draft when you are ready.");
	para(d);
	link(d, "Retry with a new number", page(d, e, url, arena_printf(d->a,
	    "/campaigns/%lld", e->campaign_id)));
}

/* The link that sets a new password: its token is in the query (nginx
 * logs no query strings; the page takes it out of the address bar). */
static void
password_reset(struct doc *d, const struct mail_event *e, const char *url)
{
	put(d, "Someone, we hope you, asked to reset the password of the "
	    "Launchline account ");
	put(d, e->to_email);
	put(d, ". Choose a new password here:");
	para(d);
	link(d, "Set a new password", arena_printf(d->a,
	    "%s/reset-password?token=%s", url, e->secret ? e->secret : ""));
	para(d);
	put(d, "The link works once, within an hour. Setting a new password "
	    "signs the account out everywhere. If you did not ask for this, "
	    "ignore this email: your password stays as it is.");
}

/* The invitation's link names its organization; the token stays in the
 * fragment, which browsers never send. */
static void
invitation(struct doc *d, const struct mail_event *e, const char *url)
{
	put(d, email_has(e->inviter_name) ? e->inviter_name : "Someone");
	put(d, " invited you to join ");
	put(d, e->org_name);
	put(d, " on Launchline as ");
	put(d, e->role != NULL && strcmp(e->role, "admin") == 0 ? "an " :
	    "a ");
	put(d, e->role);
	put(d, ".");
	para(d);
	link(d, "Accept the invitation", arena_printf(d->a,
	    "%s/invite?org=%lld#%s", url, e->org_id, e->secret ? e->secret :
	    ""));
	para(d);
	put(d, "The invitation is for this address and expires in 14 days. "
	    "If you did not expect it, ignore this email.");
}

/* One line of what the email says, for the preheader. */
static const char *
preheader(struct arena *a, const struct mail_event *e)
{
	switch (e->kind) {
	case MAIL_NUMBER_COMPLETE:
		return arena_printf(a, "%s is ready to send for %s.",
		    email_phone(a, e->phone_number), e->org_name);
	case MAIL_NUMBER_FAILED:
		return arena_printf(a, "The carriers did not take it. %s",
		    email_has(e->failure_reason) ? e->failure_reason : "");
	case MAIL_CAMPAIGN_ACTIVE:
		return arena_printf(a, "Texters can send from %s now.",
		    email_phone(a, e->phone_number));
	case MAIL_CAMPAIGN_FAILED:
		return "Its number could not be provisioned: retry with a new "
		    "number.";
	case MAIL_PASSWORD_RESET:
		return "The link works once, within an hour.";
	case MAIL_INVITATION:
		return arena_printf(a, "Join %s as %s.", e->org_name ?
		    e->org_name : "", e->role ? e->role : "");
	}
	return "";
}

void
mail_content_build(struct arena *a, const struct mail_event *e,
    struct mail_content *out)
{
	const char *url = base_url(a, e);
	const char *profile;
	struct doc d = { a, { 0 }, { 0 } };

	buf_init(&d.text, CONTENT_LIMIT);
	buf_init(&d.html, CONTENT_LIMIT);
	out->subject = mail_one_line(a, mail_subject(a, e));
	profile = page(&d, e, url, "/profile");

	html_only(&d, "<!doctype html>\n<html lang=\"en\"><head>"
	    "<meta charset=\"utf-8\"><meta name=\"viewport\" "
	    "content=\"width=device-width,initial-scale=1\"><title>");
	put_html(&d, out->subject);
	html_only(&d, "</title></head>\n<body style=\"font-family:system-ui,"
	    "sans-serif;line-height:1.5;color:#1a1a1a\">\n");
	/* The preheader: what a mail client shows beside the subject. */
	html_only(&d, "<div style=\"display:none;max-height:0;overflow:hidden;"
	    "mso-hide:all\">");
	put_html(&d, preheader(a, e));
	html_only(&d, "</div>\n<p>");
	put(&d, "Hello ");
	put(&d, email_has(e->recipient_name) ? e->recipient_name : "there");
	put(&d, ",");
	para(&d);
	switch (e->kind) {
	case MAIL_NUMBER_COMPLETE:
		number_complete(&d, e, url);
		break;
	case MAIL_NUMBER_FAILED:
		number_failed(&d, e, url);
		break;
	case MAIL_CAMPAIGN_ACTIVE:
		campaign_active(&d, e, url);
		break;
	case MAIL_CAMPAIGN_FAILED:
		campaign_failed(&d, e, url);
		break;
	case MAIL_PASSWORD_RESET:
		password_reset(&d, e, url);
		break;
	case MAIL_INVITATION:
		invitation(&d, e, url);
		break;
	}
	buf_adds(&d.text, "\n\n-- \n");
	if (e->kind == MAIL_PASSWORD_RESET || e->kind == MAIL_INVITATION) {
		/* Asked for by someone, not a switch in a profile. */
		html_only(&d, "</p>\n<hr>\n<p style=\"font-size:13px;"
		    "color:#555\">");
		put(&d, e->kind == MAIL_PASSWORD_RESET ? "Launchline. You get "
		    "this email because a password reset was asked for this "
		    "address." : "Launchline. You get this email because an "
		    "administrator invited this address.");
		buf_adds(&d.text, "\n");
		html_only(&d, "</p>\n</body></html>\n");
		goto out;
	}
	html_only(&d, "</p>\n<hr>\n<p style=\"font-size:13px;color:#555\">");
	put(&d, e->kind == MAIL_CAMPAIGN_ACTIVE ||
	    e->kind == MAIL_CAMPAIGN_FAILED ? "Launchline. You get this email "
	    "because you launched this campaign." : "Launchline. You get this "
	    "email because you asked for this number.");
	put(&d, " To stop these emails, switch them off in your profile");
	put_text(&d, ": ");
	put_text(&d, profile);
	buf_adds(&d.text, "\n");
	html_only(&d, ": <a href=\"");
	put_html(&d, profile);
	html_only(&d, "\">");
	put_html(&d, profile);
	html_only(&d, "</a>.</p>\n</body></html>\n");
out:
	out->text = arena_strdup(a, d.text.failed ? "" : buf_str(&d.text));
	out->html = arena_strdup(a, d.html.failed ? "" : buf_str(&d.html));
	buf_free(&d.text);
	buf_free(&d.html);
}
