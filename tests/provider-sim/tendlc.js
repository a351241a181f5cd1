// 10DLC: one simulated brand, its campaigns, and the assignment of numbers
// to campaigns (= provisioning).
//
// A campaign has two ids: Telnyx's campaignId (a UUID: the id every
// /10dlc/... operation takes) and the registry's tcrCampaignId (`C` + upper-
// case letters and digits, e.g. CDEMO01: only reported, never accepted in
// its place). The default campaigns' UUIDs are derived from their TCR ids,
// so they are the same in every run.
//
// An assignment needs an active number of the account that is in a messaging
// profile, and a known campaign (by Telnyx id). It starts PENDING_ASSIGNMENT
// and after a time drawn from provisioning_seconds (or, for a share
// provisioning_tail.share of them, from provisioning_tail.seconds) becomes
// ASSIGNED or, by assignment_failure_rate, FAILED_ASSIGNMENT with
// failureReasons = failure_reason. It is FAILED_ASSIGNMENT at once (a 200
// answer, as Telnyx documents no error for it) when the campaign is not
// MNO_PROVISIONED, or holds number_limit (49) live assignments (pending or
// assigned). A campaign leaving MNO_PROVISIONED (suspended, expired,
// rejected, ...) fails its pending assignments at once, the reason naming its
// status. Every outcome sends a 10dlc.phone_number.update webhook to the
// campaign's webhookURL (then webhookFailoverURL); none when it has none.
import { E164, iso, notFound, telnyxError, stripInternal, uuidFrom, draw, chance } from './util.js';
import { simNow, schedule } from './clock.js';
import { emitEvent } from './webhooks.js';

export const LIVE = new Set(['PENDING_ASSIGNMENT', 'ASSIGNED']);
export const CAP_REASON = 'campaign has reached its number limit';
export const TCR_BRAND_ID = 'BSIM001';
export const CAMPAIGN_STATUSES = ['TCR_PENDING', 'TCR_SUSPENDED', 'TCR_EXPIRED', 'TCR_ACCEPTED',
    'TCR_FAILED', 'TELNYX_ACCEPTED', 'TELNYX_FAILED', 'MNO_PENDING', 'MNO_ACCEPTED',
    'MNO_REJECTED', 'MNO_PROVISIONED', 'MNO_PROVISIONING_FAILED'];

export const DEFAULT_CAMPAIGNS = [
    ['CDEMO01', 'MNO_PROVISIONED'],
    ['CDEMO02', 'MNO_PROVISIONED'],
    ['CPEND01', 'TCR_PENDING'],
    ['CREJ01', 'TCR_FAILED', 'TCR rejected the campaign: the sample messages do not match the use case.'],
];

// ---------------------------------------------------------------- brand

export function newBrand(createdMs) {
    return {
        brandId: uuidFrom(`brand:${TCR_BRAND_ID}`),
        tcrBrandId: TCR_BRAND_ID,
        entityType: 'NON_PROFIT',
        identityStatus: 'VERIFIED',
        companyName: 'Launchline Simulated Campaigns',
        displayName: 'Launchline Simulated Brand',
        email: 'compliance@launchline.test',
        website: 'https://launchline.test',
        status: 'OK',
        country: 'US',
        state: 'CA',
        createdAt: iso(createdMs),
        updatedAt: iso(createdMs),
    };
}

function brandView(state) {
    const { country, state: st, ...b } = state.brand;
    return { ...b, assignedCampaingsCount: state.campaigns.size };
}

const BRAND_SORTS = {
    assignedCampaignsCount: () => 0, brandId: (b) => b.brandId, createdAt: (b) => b.createdAt, displayName: (b) => b.displayName,
    identityStatus: (b) => b.identityStatus, status: (b) => b.status, tcrBrandId: (b) => b.tcrBrandId,
};

function perPage(q, fallback) {
    const per = q.recordsPerPage ?? fallback;
    const page = q.page ?? 1;
    if (!(per >= 1 && per <= 500)) return { error: telnyxError(422, 10015, 'Bad Request', 'recordsPerPage must be from 1 to 500.', { parameter: 'recordsPerPage' }) };
    if (!(page >= 1)) return { error: telnyxError(422, 10015, 'Bad Request', 'page must be 1 or more.', { parameter: 'page' }) };
    return { per, page };
}

function sortBy(list, sort, keys) {
    const field = sort.replace(/^-/, '');
    const dir = sort.startsWith('-') ? -1 : 1;
    const key = keys[field];
    return [...list].sort((a, b) => {
        const x = key(a);
        const y = key(b);
        return x < y ? -dir : x > y ? dir : 0;
    });
}

// GET /10dlc/brand
export function listBrands(req, state) {
    const q = req.query;
    const { per, page, error } = perPage(q, 10);
    if (error) return error;
    const b = state.brand;
    const ci = (x) => String(x).toLowerCase();
    const match = (q.displayName === undefined || ci(b.displayName).includes(ci(q.displayName))) &&
        (q.entityType === undefined || q.entityType === b.entityType) &&
        (q.state === undefined || ci(q.state) === ci(b.state)) &&
        (q.country === undefined || ci(q.country) === ci(b.country)) &&
        (q.brandId === undefined || q.brandId === b.brandId) &&
        (q.tcrBrandId === undefined || q.tcrBrandId === b.tcrBrandId);
    const list = sortBy(match ? [brandView(state)] : [], q.sort ?? '-createdAt', BRAND_SORTS);
    return { status: 200, body: { records: list.slice((page - 1) * per, page * per), page, totalRecords: list.length } };
}

// ---------------------------------------------------------------- campaigns

export function newCampaign(state, tcrCampaignId, campaignStatus, failureReasons, createdMs) {
    return {
        campaignId: uuidFrom(`campaign:${tcrCampaignId}`),
        tcrCampaignId,
        campaignStatus,
        failureReasons,
        createDate: iso(createdMs),
        webhookURL: undefined,
        webhookFailoverURL: undefined,
        resellerId: '',
        sample1: 'Hi, this is Sam with the campaign. Can we count on your vote on Tuesday? Reply STOP to opt out.',
        sample2: undefined,
        sample3: undefined,
        sample4: undefined,
        sample5: undefined,
        messageFlow: 'Volunteers text supporters who gave their number at events.',
        helpMessage: 'Reply STOP to opt out.',
        autoRenewal: true,
        _createdMs: createdMs,
    };
}

const assignedCount = (state, c) => {
    let n = 0;
    for (const e164 of state.liveByCampaign.get(c.campaignId) ?? []) {
        if (state.assignments.get(e164)?.assignmentStatus === 'ASSIGNED') n++;
    }
    return n;
};

export function campaignView(state, c) {
    return stripInternal({
        campaignId: c.campaignId,
        tcrCampaignId: c.tcrCampaignId,
        brandId: state.brand.brandId,
        tcrBrandId: state.brand.tcrBrandId,
        cspId: 'CSPSIM1',
        resellerId: c.resellerId,
        brandDisplayName: state.brand.displayName,
        description: `Simulated 10DLC campaign ${c.tcrCampaignId}`,
        usecase: 'POLITICAL',
        subUsecases: [],
        mock: false,
        termsAndConditions: true,
        campaignStatus: c.campaignStatus,
        status: c.campaignStatus === 'MNO_PROVISIONED' ? 'ACTIVE' : c.campaignStatus === 'TCR_EXPIRED' ? 'EXPIRED' : 'INACTIVE',
        submissionStatus: 'CREATED',
        failureReasons: c.failureReasons,
        createDate: c.createDate,
        ageGated: false,
        autoRenewal: c.autoRenewal,
        directLending: false,
        embeddedLink: false,
        embeddedPhone: false,
        numberPool: false,
        subscriberHelp: true,
        subscriberOptin: true,
        subscriberOptout: true,
        isTMobileRegistered: c.campaignStatus === 'MNO_PROVISIONED',
        isTMobileSuspended: c.campaignStatus === 'TCR_SUSPENDED',
        isTMobileNumberPoolingEnabled: false,
        sample1: c.sample1,
        sample2: c.sample2,
        sample3: c.sample3,
        sample4: c.sample4,
        sample5: c.sample5,
        messageFlow: c.messageFlow,
        helpMessage: c.helpMessage,
        optoutKeywords: 'STOP',
        helpKeywords: 'HELP',
        webhookURL: c.webhookURL,
        webhookFailoverURL: c.webhookFailoverURL,
    });
}

// GET /10dlc/campaign/{campaignId}: Telnyx's id only.
export function getCampaign(req, state) {
    const c = state.campaigns.get(req.params.campaignId);
    if (!c) return notFound(`Campaign ${req.params.campaignId} was not found.`, { parameter: 'campaignId' });
    return { status: 200, body: campaignView(state, c) };
}

const CAMPAIGN_SORTS = {
    assignedPhoneNumbersCount: (c) => c.assignedPhoneNumbersCount, campaignId: (c) => c.campaignId,
    createdAt: (c) => c.createDate, status: (c) => c.status, tcrCampaignId: (c) => c.tcrCampaignId,
};

// GET /10dlc/campaign?brandId=B: the brand's campaigns (brandId is Telnyx's
// brand id; its TCR id matches nothing).
export function listCampaigns(req, state) {
    const q = req.query;
    const { per, page, error } = perPage(q, 10);
    if (error) return error;
    const mine = q.brandId === state.brand.brandId ? [...state.campaigns.values()] : [];
    const views = mine.map((c) => ({ ...campaignView(state, c), assignedPhoneNumbersCount: assignedCount(state, c) }));
    const list = sortBy(views, q.sort ?? '-createdAt', CAMPAIGN_SORTS);
    return { status: 200, body: { records: list.slice((page - 1) * per, page * per), page, totalRecords: list.length } };
}

const UPDATABLE = ['resellerId', 'sample1', 'sample2', 'sample3', 'sample4', 'sample5', 'messageFlow', 'helpMessage',
    'autoRenewal', 'webhookURL', 'webhookFailoverURL'];

// PUT /10dlc/campaign/{campaignId}: the fields UpdateCampaignRequest has
// (webhookURL and webhookFailoverURL among them; "" removes one).
export function updateCampaign(req, state) {
    const c = state.campaigns.get(req.params.campaignId);
    if (!c) return notFound(`Campaign ${req.params.campaignId} was not found.`, { parameter: 'campaignId' });
    for (const k of UPDATABLE) {
        if (req.body[k] === undefined) continue;
        c[k] = (k === 'webhookURL' || k === 'webhookFailoverURL') && req.body[k] === '' ? undefined : req.body[k];
    }
    return { status: 200, body: campaignView(state, c) };
}

// Adds a campaign (control API) or changes it; a status other than
// MNO_PROVISIONED fails its pending assignments at once.
export function putCampaign(state, tcr, { campaignStatus, failureReasons, webhookURL, webhookFailoverURL }) {
    const now = simNow(state);
    let c = state.campaignsByTcr.get(tcr);
    if (!c) {
        c = newCampaign(state, tcr, campaignStatus, undefined, now);
        state.campaigns.set(c.campaignId, c);
        state.campaignsByTcr.set(tcr, c);
    }
    if (webhookURL !== undefined) c.webhookURL = webhookURL || undefined;
    if (webhookFailoverURL !== undefined) c.webhookFailoverURL = webhookFailoverURL || undefined;
    if (campaignStatus !== undefined) {
        c.campaignStatus = campaignStatus;
        c.failureReasons = failureReasons;
        if (campaignStatus !== 'MNO_PROVISIONED') {
            for (const e164 of [...(state.liveByCampaign.get(c.campaignId) ?? [])]) {
                const a = state.assignments.get(e164);
                if (a?.assignmentStatus !== 'PENDING_ASSIGNMENT') continue;
                setAssignmentStatus(state, a, 'FAILED_ASSIGNMENT', `Campaign ${tcr} is ${campaignStatus}: its pending numbers were not assigned.`, now);
                emitAssignment(state, a, now);
            }
        }
    } else if (failureReasons !== undefined) {
        c.failureReasons = failureReasons;
    }
    return c;
}

export function deleteCampaign(state, tcr) {
    const c = state.campaignsByTcr.get(tcr);
    if (!c) return false;
    state.campaignsByTcr.delete(tcr);
    state.campaigns.delete(c.campaignId);
    return true;
}

// ---------------------------------------------------------------- assignments

function liveSet(state, campaignId) {
    let set = state.liveByCampaign.get(campaignId);
    if (!set) {
        set = new Set();
        state.liveByCampaign.set(campaignId, set);
    }
    return set;
}

export function setAssignmentStatus(state, rec, status, reason, atMs) {
    rec.assignmentStatus = status;
    rec.failureReasons = status === 'FAILED_ASSIGNMENT' ? reason : undefined;
    rec.updatedAt = iso(atMs);
    const live = liveSet(state, rec.campaignId);
    if (LIVE.has(status)) live.add(rec.phoneNumber);
    else live.delete(rec.phoneNumber);
    if (status !== 'PENDING_ASSIGNMENT') {
        rec._doneAt = atMs;
        rec._doneReal = Date.now();
    }
}

export function dropAssignment(state, e164) {
    const rec = state.assignments.get(e164);
    if (!rec) return null;
    state.assignments.delete(e164);
    state.liveByCampaign.get(rec.campaignId)?.delete(e164);
    rec._gone = true;
    return rec;
}

export function emitAssignment(state, rec, atMs) {
    const payload = {
        type: 'ASSIGNMENT',
        status: rec.assignmentStatus,
        phoneNumber: rec.phoneNumber,
        campaignId: rec.campaignId,
        tcrCampaignId: rec.tcrCampaignId,
    };
    if (rec.failureReasons !== undefined) payload.failureReasons = rec.failureReasons;
    const c = state.campaigns.get(rec.campaignId);
    emitEvent(state, '10dlc.phone_number.update', payload, atMs, c ? [c.webhookURL, c.webhookFailoverURL] : []);
}

function resolveAssignment(state, rec, at) {
    if (rec._gone || rec.assignmentStatus !== 'PENDING_ASSIGNMENT') return;
    if (chance(state, state.options.assignment_failure_rate)) {
        setAssignmentStatus(state, rec, 'FAILED_ASSIGNMENT', state.options.failure_reason, at);
    } else {
        setAssignmentStatus(state, rec, 'ASSIGNED', undefined, at);
    }
    emitAssignment(state, rec, at);
}

function provisioningMs(state) {
    const tail = state.options.provisioning_tail;
    return draw(state, chance(state, tail.share) ? tail.seconds : state.options.provisioning_seconds) * 1000;
}

function assignNumber(state, phoneNumber, campaignId, replace) {
    if (!E164.test(phoneNumber)) {
        return telnyxError(422, 10016, 'Phone number must be in +E.164 format',
            'phoneNumber must be a US number in +E.164 format.', { pointer: '/phoneNumber' });
    }
    const campaign = state.campaigns.get(campaignId);
    if (!campaign) return notFound(`Campaign ${campaignId} was not found.`, { pointer: '/campaignId' });
    const number = state.byE164.get(phoneNumber);
    if (!number || number.status !== 'active') {
        return notFound(`${phoneNumber} is not an active number of this account.`, { pointer: '/phoneNumber' });
    }
    if (!number.messaging_profile_id || !state.profiles.has(number.messaging_profile_id)) {
        return telnyxError(422, 10015, 'Bad Request',
            `${phoneNumber} must be assigned to a messaging profile before it is assigned to a campaign.`, { pointer: '/phoneNumber' });
    }
    const old = state.assignments.get(phoneNumber);
    if (old && LIVE.has(old.assignmentStatus) && !replace) {
        return telnyxError(409, 10012, 'Duplicate resource',
            `${phoneNumber} is already assigned to campaign ${old.campaignId} (${old.assignmentStatus}).`,
            { pointer: '/phoneNumber' });
    }
    if (old) dropAssignment(state, phoneNumber);

    const now = simNow(state);
    const rec = {
        phoneNumber,
        campaignId,
        brandId: state.brand.brandId,
        tcrBrandId: state.brand.tcrBrandId,
        tcrCampaignId: campaign.tcrCampaignId,
        telnyxCampaignId: campaign.campaignId,
        assignmentStatus: 'PENDING_ASSIGNMENT',
        failureReasons: undefined,
        createdAt: iso(now),
        updatedAt: iso(now),
        _createdAt: now,
    };
    state.assignments.set(phoneNumber, rec);
    const live = liveSet(state, campaignId);
    if (campaign.campaignStatus !== 'MNO_PROVISIONED') {
        setAssignmentStatus(state, rec, 'FAILED_ASSIGNMENT',
            `Campaign ${campaign.tcrCampaignId} is ${campaign.campaignStatus}: it cannot take numbers.`, now);
        emitAssignment(state, rec, now);
    } else if (live.size >= state.options.number_limit) {
        setAssignmentStatus(state, rec, 'FAILED_ASSIGNMENT', CAP_REASON, now);
        emitAssignment(state, rec, now);
    } else {
        live.add(phoneNumber);
        const due = now + provisioningMs(state);
        rec._due = due;
        schedule(state, due, () => resolveAssignment(state, rec, due));
    }
    return { status: 200, body: stripInternal(rec) };
}

// POST /10dlc/phone_number_campaigns {phoneNumber, campaignId (Telnyx's)}
export function createAssignment(req, state) {
    return assignNumber(state, req.body.phoneNumber, req.body.campaignId, false);
}

// PUT /10dlc/phone_number_campaigns/{phoneNumber}: (re-)assign, starting over.
export function putAssignment(req, state) {
    if (req.body.phoneNumber !== req.params.phoneNumber) {
        return telnyxError(422, 10015, 'Bad Request', 'phoneNumber differs from the number in the path.', { pointer: '/phoneNumber' });
    }
    return assignNumber(state, req.body.phoneNumber, req.body.campaignId, true);
}

// GET /10dlc/phone_number_campaigns/{phoneNumber}
export function getAssignment(req, state) {
    const rec = state.assignments.get(req.params.phoneNumber);
    if (!rec) return notFound(`${req.params.phoneNumber} is not assigned to any campaign.`, { parameter: 'phoneNumber' });
    return { status: 200, body: stripInternal(rec) };
}

// DELETE /10dlc/phone_number_campaigns/{phoneNumber}: gone at once (the
// answer says PENDING_UNASSIGNMENT).
export function deleteAssignment(req, state) {
    const rec = dropAssignment(state, req.params.phoneNumber);
    if (!rec) return notFound(`${req.params.phoneNumber} is not assigned to any campaign.`, { parameter: 'phoneNumber' });
    const view = stripInternal(rec);
    view.assignmentStatus = 'PENDING_UNASSIGNMENT';
    delete view.failureReasons;
    view.updatedAt = iso(simNow(state));
    return { status: 200, body: view };
}

const ASSIGNMENT_SORTS = {
    assignmentStatus: (a) => a.assignmentStatus, createdAt: (a) => a._createdAt, phoneNumber: (a) => a.phoneNumber,
};

// GET /10dlc/phone_number_campaigns
export function listAssignments(req, state) {
    const q = req.query;
    const { per, page, error } = perPage(q, 20);
    if (error) return error;
    const f = q.filter ?? {};
    const list = [...state.assignments.values()].filter((a) =>
        (f.tcr_campaign_id === undefined || a.tcrCampaignId === f.tcr_campaign_id) &&
        (f.telnyx_campaign_id === undefined || a.telnyxCampaignId === f.telnyx_campaign_id) &&
        (f.tcr_brand_id === undefined || a.tcrBrandId === f.tcr_brand_id) &&
        (f.telnyx_brand_id === undefined || a.brandId === f.telnyx_brand_id));
    const sorted = sortBy(list, q.sort ?? '-createdAt', ASSIGNMENT_SORTS);
    return {
        status: 200,
        body: { records: sorted.slice((page - 1) * per, page * per).map(stripInternal), page, totalRecords: list.length },
    };
}

// The control API's view: both ids, the webhook URLs, the live numbers.
export function simCampaignView(state, c) {
    return {
        ...campaignView(state, c),
        assignedPhoneNumbersCount: assignedCount(state, c),
        liveNumbers: (state.liveByCampaign.get(c.campaignId) ?? new Set()).size,
    };
}

