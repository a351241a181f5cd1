// The one module that talks to the Launchline API (/api/v1/). It knows the
// endpoints, keeps the CSRF token, and turns the API's one error shape
// {"error":{"code","message","field"}} into an ApiError, so screens only
// ever see parsed JSON or an ApiError with code, message and field.

const BASE = '/api/v1';

// The session's CSRF token (from any Me answer), or before sign-in the
// double-submit token from GET /csrf. null: not known yet.
let csrfToken = null;

// True once GET /me answered 401 (or after logout), until the next Me.
let signedOut = false;

// The GET /me in flight, if any; callers share it.
let pendingMe = null;

// Called when an authenticated request answers 401: the session is gone.
let onUnauthenticated = () => {};

export class ApiError extends Error {
  constructor(status, code, message, field) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field || null;
  }
}

export function setUnauthenticatedHandler(fn) {
  onUnauthenticated = fn;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

// The session cookie is HttpOnly, so whether there is a session shows only
// in GET /me: its answer carries the session's token; a 401 means signed
// out, and then GET /csrf gives the double-submit token.
async function ensureCsrf() {
  if (csrfToken) return csrfToken;
  if (!signedOut) await me().catch(() => {});
  if (csrfToken) return csrfToken;
  const body = await send('GET', '/csrf');
  csrfToken = body.csrf_token;
  return csrfToken;
}

// A Me answer carries the session's CSRF token; keep it and pass Me on.
function takeMe(me) {
  if (me && me.csrf_token) {
    csrfToken = me.csrf_token;
    signedOut = false;
  }
  return me;
}

async function send(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (UNSAFE.has(method)) headers['X-CSRF-Token'] = csrfToken || '';
  let res;
  try {
    res = await fetch(BASE + path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network', 'Cannot reach the server. Check your connection and try again.');
  }
  if (res.status === 204) return null;
  let data = null;
  const text = await res.text();
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (res.ok) return data;
  const err = data && data.error;
  if (err && err.code) throw new ApiError(res.status, err.code, err.message || 'Something went wrong.', err.field);
  throw new ApiError(res.status, 'http_' + res.status, `The server answered ${res.status}. Try again shortly.`);
}

// A request that changes something: fetches a CSRF token first when none is
// known, and if the token went stale (session ended or renewed elsewhere)
// picks up the current one and tries once more.
async function change(method, path, body) {
  await ensureCsrf();
  try {
    return await send(method, path, body);
  } catch (e) {
    if (!(e instanceof ApiError) || e.code !== 'csrf_failed') throw e;
    csrfToken = null;
    signedOut = false;
    await ensureCsrf();
    return send(method, path, body);
  }
}

// Wraps calls that need a session: a 401 there means it ended.
async function authed(promise) {
  try {
    return await promise;
  } catch (e) {
    if (e instanceof ApiError && e.code === 'not_authenticated') onUnauthenticated();
    throw e;
  }
}

// One page of a list; `filters` are more query parameters (empty ones
// are left out).
const list = (path, cursor, limit = 100, filters = {}) => {
  const q = new URLSearchParams({ limit: String(limit) });
  if (cursor) q.set('cursor', cursor);
  for (const [k, v] of Object.entries(filters)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  return authed(send('GET', `${path}?${q}`));
};

// --- session -----------------------------------------------------------

// Me, or null when nobody is signed in.
export function me() {
  if (pendingMe) return pendingMe;
  const p = (async () => {
    try {
      return takeMe(await send('GET', '/me'));
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        csrfToken = null;
        signedOut = true;
        return null;
      }
      throw e;
    } finally {
      if (pendingMe === p) pendingMe = null;
    }
  })();
  pendingMe = p;
  return p;
}

export async function login(email, password) {
  return takeMe(await change('POST', '/auth/login', { email, password }));
}

export async function logout() {
  try {
    await change('POST', '/auth/logout');
  } finally {
    csrfToken = null;
    signedOut = true;
  }
}

// The signed-in person's own settings ({ provisioning_emails }); answers Me.
export async function updateMe(settings) {
  return takeMe(await authed(change('PATCH', '/me', settings)));
}

// Their sessions ({id, device, created_at, last_seen_at, current}), newest
// first; ending one (theirs only), or every other one ({ended}).
export const listSessions = (cursor) => list('/me/sessions', cursor);

export const endSession = (id) => authed(change('DELETE', `/me/sessions/${id}`));

export const endOtherSessions = () => authed(change('DELETE', '/me/sessions'));

// A new password with the current one ({ended}: the other sessions).
export const changePassword = (currentPassword, password) =>
  authed(change('PUT', '/me/password', { current_password: currentPassword, password }));

// --- forgotten passwords -------------------------------------------------

// {message}: the same whether or not an account uses the address.
export const requestPasswordReset = (email) => change('POST', '/password-resets', { email });

// Sets the password with the emailed token; every session ends (null).
export const completePasswordReset = (token, password) =>
  change('POST', '/password-resets/complete', { token, password });

// --- people ------------------------------------------------------------

export const listPeople = (orgId, cursor) => list(`/orgs/${orgId}/people`, cursor);

export const setRole = (orgId, userId, role) =>
  authed(change('PATCH', `/orgs/${orgId}/people/${userId}`, { role }));

export const removePerson = (orgId, userId) =>
  authed(change('DELETE', `/orgs/${orgId}/people/${userId}`));

// --- invitations -------------------------------------------------------

export const listInvitations = (orgId, cursor) => list(`/orgs/${orgId}/invitations`, cursor);

// {invitation, invite_url}: the link is shown once, here. An invitation is
// for its email address; `open` makes an open link for texters instead
// (owners and admins), which anyone with it may use.
export const createInvitation = (orgId, email, role, { open = false } = {}) =>
  authed(change('POST', `/orgs/${orgId}/invitations`, open ? { open: true, role: 'texter' } : { email, role }));

// Emails an invitation again with a new link ({invitation, invite_url});
// the old link stops working.
export const resendInvitation = (orgId, id) =>
  authed(change('POST', `/orgs/${orgId}/invitations/${id}/resend`, {}));

export const revokeInvitation = (orgId, id) =>
  authed(change('DELETE', `/orgs/${orgId}/invitations/${id}`));

// {org_name, role, kind ('email' | 'open'), email (null for an open link),
// account_exists, signed_in_as, for_you}; ApiError not_found when unusable.
export const lookupInvitation = (token) => change('POST', '/invitations/lookup', { token });

// `email`: an open link's new account (an invitation for an address makes
// that address).
export async function signupWithInvitation(token, name, password, email) {
  const body = email ? { token, email, name, password } : { token, name, password };
  return takeMe(await change('POST', '/invitations/signup', body));
}

export async function acceptInvitation(token) {
  return takeMe(await authed(change('POST', '/invitations/accept', { token })));
}

// --- area codes --------------------------------------------------------

// The US area codes for the picker: [{code, state, places}]. The list is
// the same for everyone and rarely changes, so it is fetched once per load.
let areaCodesCache = null;

export function listAreaCodes() {
  if (!areaCodesCache) {
    areaCodesCache = authed(send('GET', '/area-codes')).then(
      (body) => body.items,
      (e) => {
        areaCodesCache = null;
        throw e;
      },
    );
  }
  return areaCodesCache;
}

// --- use cases ---------------------------------------------------------

// An organization has a handful of use cases: one page holds them.
export const listUseCases = (orgId, cursor) => list(`/orgs/${orgId}/use-cases`, cursor, 200);

// 201 UseCase (pending until the provisioner has asked the provider);
// ApiError conflict (field provider_campaign_id) when already registered.
// messagesPerMinute: the campaign's carrier throughput, or null for the default.
export function createUseCase(orgId, name, providerCampaignId, messagesPerMinute = null) {
  const body = { name, provider_campaign_id: providerCampaignId };
  if (messagesPerMinute !== null) body.messages_per_minute = messagesPerMinute;
  return authed(change('POST', `/orgs/${orgId}/use-cases`, body));
}

// 202 UseCase: the provisioner asks the provider again soon.
export const refreshUseCase = (orgId, id) => authed(change('POST', `/orgs/${orgId}/use-cases/${id}/refresh`));

// --- phone numbers -----------------------------------------------------

// Newest first; released numbers are not listed. filters: {kind,
// provisioning_status}.
export const listNumbers = (orgId, cursor, filters) => list(`/orgs/${orgId}/phone-numbers`, cursor, 100, filters);

// A Number with its timeline (oldest first).
export const getNumber = (orgId, id) => authed(send('GET', `/orgs/${orgId}/phone-numbers/${encodeURIComponent(id)}`));

// 201 Number (dedicated, initiated). name is left out when empty.
export function createNumber(orgId, { areaCode, name, useCaseId }) {
  const body = { area_code: areaCode, use_case_id: useCaseId };
  if (name) body.name = name;
  return authed(change('POST', `/orgs/${orgId}/phone-numbers`, body));
}

// Release: 204; ApiError conflict when a live campaign uses the number.
export const releaseNumber = (orgId, id) =>
  authed(change('DELETE', `/orgs/${orgId}/phone-numbers/${encodeURIComponent(id)}`));

// --- platform ----------------------------------------------------------

// {provisioning_launch, incident_wait_minutes}: while provisioning_launch
// is false (incident mode) campaigns launch Active at once.
export const platform = () => authed(send('GET', '/platform'));

// --- campaigns ---------------------------------------------------------

const campaignPath = (orgId, id) => `/orgs/${orgId}/campaigns/${encodeURIComponent(id)}`;

// Newest first; status filters by one status ('' for all).
export const listCampaigns = (orgId, cursor, status) => list(`/orgs/${orgId}/campaigns`, cursor, 50, { status });

// A Campaign with its number's timeline and the counts of its conversations.
export const getCampaign = (orgId, id) => authed(send('GET', campaignPath(orgId, id)));

// 201 Campaign (draft).
export const createCampaign = (orgId, fields) => authed(change('POST', `/orgs/${orgId}/campaigns`, fields));

export const updateCampaign = (orgId, id, fields) => authed(change('PATCH', campaignPath(orgId, id), fields));

// launch | pause | resume | archive | clone | retry: the campaign after it
// (clone and retry: the new draft).
export const campaignAction = (orgId, id, action) => authed(change('POST', `${campaignPath(orgId, id)}/${action}`));

// 201 the followup campaign. targeting: {name, exclude_replied,
// exclude_not_replied, exclude_opted_out}.
export const createFollowup = (orgId, id, targeting) =>
  authed(change('POST', `${campaignPath(orgId, id)}/followups`, targeting));

// {text, characters, segments, encoding} for the script (unsaved is fine)
// and one contact (the first when contactId is null).
export function previewScript(orgId, id, script, contactId) {
  const body = { script };
  if (contactId) body.contact_id = Number(contactId);
  return authed(change('POST', `${campaignPath(orgId, id)}/preview`, body));
}

export const listContacts = (orgId, id, cursor, limit = 50) => list(`${campaignPath(orgId, id)}/contacts`, cursor, limit);


// {median_seconds, p90_seconds, basis: history|default, samples}.
export const launchEstimate = (orgId) => authed(send('GET', `/orgs/${orgId}/launch-estimate`));

// The import report {imported, duplicates, invalid, opted_out, problems}.
export const uploadContacts = (orgId, id, file, onProgress) =>
  authed(uploadCsv(`${campaignPath(orgId, id)}/contacts`, file, onProgress));

// A followup's removal list: a CSV of phones taken out of its audience.
export const uploadRemovals = (orgId, id, file, onProgress) =>
  authed(uploadCsv(`${campaignPath(orgId, id)}/contacts/removals`, file, onProgress));

// Sends a file as the body (text/csv) with XMLHttpRequest, whose upload
// events (unlike fetch's) report progress: onProgress(sent, total).
// Answers like send(): parsed JSON, or an ApiError.
function xhrSend(path, file, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', BASE + path);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Content-Type', 'text/csv');
    xhr.setRequestHeader('X-CSRF-Token', csrfToken || '');
    xhr.withCredentials = true;
    if (onProgress) {
      xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
      xhr.upload.onload = () => onProgress(file.size, file.size);
    }
    xhr.onerror = () => reject(new ApiError(0, 'network', 'Cannot reach the server. Check your connection and try again.'));
    xhr.onload = () => {
      let data = null;
      try {
        data = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        data = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(data);
        return;
      }
      const err = data && data.error;
      if (err && err.code) reject(new ApiError(xhr.status, err.code, err.message || 'Something went wrong.', err.field));
      else if (xhr.status === 413) reject(new ApiError(413, 'payload_too_large', 'The file is larger than the server accepts.'));
      else reject(new ApiError(xhr.status, 'http_' + xhr.status, `The server answered ${xhr.status}. Try again shortly.`));
    };
    xhr.send(file);
  });
}

// An upload that changes something: CSRF as in change().
async function uploadCsv(path, file, onProgress) {
  await ensureCsrf();
  try {
    return await xhrSend(path, file, onProgress);
  } catch (e) {
    if (!(e instanceof ApiError) || e.code !== 'csrf_failed') throw e;
    csrfToken = null;
    signedOut = false;
    await ensureCsrf();
    return xhrSend(path, file, onProgress);
  }
}

// --- texting (the messenger, texters, invite links) --------------------

// The campaigns I text for: {items: [{campaign, counts, gate, can_request, next_conversation_id}]}.
export const myAssignments = (orgId) => authed(send('GET', `/orgs/${orgId}/assignments`));

// Self assign: 201 {claimed, batch_size}; ApiError no_more_conversations,
// assignment_not_finished, self_assign_off, ...
export const requestConversations = (orgId, campaignId) =>
  authed(change('POST', `/orgs/${orgId}/campaigns/${campaignId}/assignments/request`, {}));

// My conversations of a campaign in one status, by id.
export function myConversations(orgId, campaignId, status, cursor) {
  const q = new URLSearchParams({ status, limit: '200' });
  if (cursor) q.set('cursor', cursor);
  return authed(send('GET', `/orgs/${orgId}/campaigns/${campaignId}/conversations?${q}`));
}

// My conversations needing a response, every campaign.
export const inbox = (orgId, cursor) => list(`/orgs/${orgId}/inbox`, cursor, 200);

// A conversation with its messages, the rendered initial message and the gate.
export const getConversation = (orgId, id) => authed(send('GET', `/orgs/${orgId}/conversations/${id}`));

// One click, one initial message: {message, next_conversation_id}.
export const sendInitial = (orgId, id) => authed(change('POST', `/orgs/${orgId}/conversations/${id}/initial`, {}));

export const sendReply = (orgId, id, body) =>
  authed(change('POST', `/orgs/${orgId}/conversations/${id}/messages`, { body }));

export const optOut = (orgId, id) => authed(change('POST', `/orgs/${orgId}/conversations/${id}/opt-out`, {}));

// After the first text: close (leaves "needs response" until the contact
// writes again), skip (behind my other replies), tags. Each answers the
// conversation (a brief with its tags).
export const closeConversation = (orgId, id) => authed(change('POST', `/orgs/${orgId}/conversations/${id}/close`, {}));
export const skipConversation = (orgId, id) => authed(change('POST', `/orgs/${orgId}/conversations/${id}/skip`, {}));
export const addConversationTag = (orgId, id, tagId) =>
  authed(change('POST', `/orgs/${orgId}/conversations/${id}/tags`, { tag_id: tagId }));
export const removeConversationTag = (orgId, id, tagId) =>
  authed(change('DELETE', `/orgs/${orgId}/conversations/${id}/tags/${tagId}`));

// The organization's tags (every member lists them; owners and admins
// manage them): {id, name, escalate, created_at}. ApiError conflict
// (field name) for a name taken, too_many_tags past 100.
export const listTags = (orgId) => authed(send('GET', `/orgs/${orgId}/tags`));
export const createTag = (orgId, name, escalate) => authed(change('POST', `/orgs/${orgId}/tags`, { name, escalate }));
export const updateTag = (orgId, id, fields) => authed(change('PATCH', `/orgs/${orgId}/tags/${id}`, fields));
export const deleteTag = (orgId, id) => authed(change('DELETE', `/orgs/${orgId}/tags/${id}`));

// The admin side of a campaign's texting.
export const listTexters = (orgId, campaignId, cursor) => list(`/orgs/${orgId}/campaigns/${campaignId}/texters`, cursor, 200);
export const addTexter = (orgId, campaignId, userId) =>
  authed(change('POST', `/orgs/${orgId}/campaigns/${campaignId}/texters`, { user_id: userId }));
export const removeTexter = (orgId, campaignId, userId) =>
  authed(change('DELETE', `/orgs/${orgId}/campaigns/${campaignId}/texters/${userId}`));
export const assignmentSummary = (orgId, campaignId) =>
  authed(send('GET', `/orgs/${orgId}/campaigns/${campaignId}/assignments`));
// A campaign's messages whose fate is unknown: {items: [{message, first_name,
// last_name, phone}], next_cursor}; an owner or admin may send one again
// (answers {message}, queued; ApiError not_unknown when it is not unknown).
export const listUnknownMessages = (orgId, campaignId) =>
  list(`/orgs/${orgId}/campaigns/${campaignId}/unknown-messages`, null, 100);
export const resendMessage = (orgId, messageId) =>
  authed(change('POST', `/orgs/${orgId}/messages/${messageId}/resend`, {}));
// kind: distribute {texter_ids, status} | unassign {texter_ids?, statuses?} |
// reassign {from_texter_ids?, to_texter_ids, statuses?}: {moved, texters}.
export const moveConversations = (orgId, campaignId, kind, body) =>
  authed(change('POST', `/orgs/${orgId}/campaigns/${campaignId}/assignments/${kind}`, body));
export const getInviteLink = (orgId, campaignId) => authed(send('GET', `/orgs/${orgId}/campaigns/${campaignId}/invite-link`));
export const enableInviteLink = (orgId, campaignId) =>
  authed(change('POST', `/orgs/${orgId}/campaigns/${campaignId}/invite-link`, {}));
export const disableInviteLink = (orgId, campaignId) =>
  authed(change('DELETE', `/orgs/${orgId}/campaigns/${campaignId}/invite-link`));

// A campaign invite link (/join#TOKEN): {org_name, campaign_name, ...};
// ApiError not_found when it is not (or no longer) valid.
export const lookupJoinLink = (token) => change('POST', '/join/lookup', { token });

// Both answer Me plus `join` {org_id, campaign_id, outcome, claimed, message}.
export async function signupWithJoinLink(token, email, name, password) {
  return takeMe(await change('POST', '/join/signup', { token, email, name, password }));
}

export async function acceptJoinLink(token) {
  return takeMe(await authed(change('POST', '/join/accept', { token })));
}

// --- emails and settings (admins) ----------------------------------------

// The organization's outbox, newest first; status: '' for all. A failed one
// can be sent again: the same email, queued (409 conflict when it is not
// failed any more).
export const listEmails = (orgId, cursor, status) => list(`/orgs/${orgId}/emails`, cursor, 50, { status });
export const resendEmail = (orgId, id) => authed(change('POST', `/orgs/${orgId}/emails/${id}/resend`, {}));

// {name, display_name, effective_display_name, opt_out_language,
// default_batch_size, time_zone}; update takes any of the four settings.
export const getSettings = (orgId) => authed(send('GET', `/orgs/${orgId}/settings`));
export const updateSettings = (orgId, fields) => authed(change('PATCH', `/orgs/${orgId}/settings`, fields));

// --- canned responses --------------------------------------------------

// {items: [CannedResponse]}, by title: the organization-wide ones, or a
// campaign's own and the organization-wide ones it includes (scope says
// which). A CannedResponse: {id, scope, campaign_id, title, text, ...}.
export const listOrgCanned = (orgId) => authed(send('GET', `/orgs/${orgId}/canned-responses`));
export const listCampaignCanned = (orgId, campaignId) =>
  authed(send('GET', `/orgs/${orgId}/campaigns/${campaignId}/canned-responses`));
// 201 CannedResponse; ApiError validation_failed naming title or text (a
// merge field the campaign's contacts lack names text).
export const createCanned = (orgId, campaignId, fields) =>
  authed(
    change('POST', campaignId ? `/orgs/${orgId}/campaigns/${campaignId}/canned-responses` : `/orgs/${orgId}/canned-responses`, fields),
  );
export const updateCanned = (orgId, id, fields) => authed(change('PATCH', `/orgs/${orgId}/canned-responses/${id}`, fields));
export const deleteCanned = (orgId, id) => authed(change('DELETE', `/orgs/${orgId}/canned-responses/${id}`));
// An organization-wide one in or out of a campaign.
export const includeCanned = (orgId, campaignId, id) =>
  authed(change('PUT', `/orgs/${orgId}/campaigns/${campaignId}/included-responses/${id}`));
export const excludeCanned = (orgId, campaignId, id) =>
  authed(change('DELETE', `/orgs/${orgId}/campaigns/${campaignId}/included-responses/${id}`));
// A conversation's, each text rendered for its contact.
export const conversationCanned = (orgId, conversationId) =>
  authed(send('GET', `/orgs/${orgId}/conversations/${conversationId}/canned-responses`));

// --- survey questions ----------------------------------------------------

// {campaign_id, questions: [{id, text, options: [{id, label, reply,
// next_question_id, answers}]}]}: the tree with answers per option.
export const getSurvey = (orgId, campaignId) => authed(send('GET', `/orgs/${orgId}/campaigns/${campaignId}/survey`));
// ApiError validation_failed naming text, label, reply or next_question_id;
// conflict codes too_many_survey_* and survey_answers_recorded (a delete).
export const createSurveyQuestion = (orgId, campaignId, text) =>
  authed(change('POST', `/orgs/${orgId}/campaigns/${campaignId}/survey/questions`, { text }));
export const updateSurveyQuestion = (orgId, id, text) => authed(change('PATCH', `/orgs/${orgId}/survey-questions/${id}`, { text }));
export const deleteSurveyQuestion = (orgId, id) => authed(change('DELETE', `/orgs/${orgId}/survey-questions/${id}`));
export const createSurveyOption = (orgId, questionId, fields) =>
  authed(change('POST', `/orgs/${orgId}/survey-questions/${questionId}/options`, fields));
// next_question_id null ends the survey at this answer.
export const updateSurveyOption = (orgId, id, fields) => authed(change('PATCH', `/orgs/${orgId}/survey-options/${id}`, fields));
export const deleteSurveyOption = (orgId, id) => authed(change('DELETE', `/orgs/${orgId}/survey-options/${id}`));
// A conversation's survey: {current_question_id, questions (replies
// rendered for the contact), answers, history}; recording an answer adds
// `reply`, the one to offer in the reply box.
export const conversationSurvey = (orgId, conversationId) =>
  authed(send('GET', `/orgs/${orgId}/conversations/${conversationId}/survey`));
export const recordSurveyAnswer = (orgId, conversationId, questionId, optionId) =>
  authed(change('PUT', `/orgs/${orgId}/conversations/${conversationId}/survey/answers/${questionId}`, { option_id: optionId }));
export const clearSurveyAnswer = (orgId, conversationId, questionId) =>
  authed(change('DELETE', `/orgs/${orgId}/conversations/${conversationId}/survey/answers/${questionId}`));

// Message review (supervisors and up). One page of the list: filters are
// campaign_id, status, texter (a user id or 'unassigned'), tag_id,
// escalated, opted_out ('true'/'false'), question_id, option_id and q. A page reads one window of
// ids, so it may be short or empty and still have a next_cursor.
export const reviewConversations = (orgId, cursor, filters) =>
  list(`/orgs/${orgId}/review/conversations`, cursor, 50, filters);
// body: {campaign_id, ids | filter, texter_id (null: Unassigned)} and
// {campaign_id?, ids | filter}: {matched, changed}.
export const reviewReassign = (orgId, body) => authed(change('POST', `/orgs/${orgId}/review/reassign`, body));
export const reviewClose = (orgId, body) => authed(change('POST', `/orgs/${orgId}/review/close`, body));

// The CSV exports (owners and admins) as jobs: start one ({kind:
// 'conversations' | 'messages' | 'opt_outs', campaign_id}), poll it for
// rows_done of rows_total, then download it from its download_url (a
// plain link: the browser saves the file), for a day after it finished.
export const startExport = (orgId, body) => authed(change('POST', `/orgs/${orgId}/exports`, body));
export const getExport = (orgId, id) => authed(send('GET', `/orgs/${orgId}/exports/${id}`));
// Those not yet expired, newest first; filters: campaign_id, kind.
export const listExports = (orgId, filters = {}) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const qs = q.toString();
  return authed(send('GET', `/orgs/${orgId}/exports${qs ? `?${qs}` : ''}`));
};