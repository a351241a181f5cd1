// The simulator's own bookkeeping of conformance, for GET /_sim/stats:
// requests that did not conform to the subset (answered 422/400), answers
// and webhooks of ours that did not (tests assert there are none), and
// answers with a status the operation does not document.

const KEPT = 20;

export function freshAudit() {
    return {
        nonconforming: { count: 0, by_operation: {}, last: [] },
        invalid_answers: { count: 0, by_operation: {}, last: [] },
        undocumented_statuses: {},
    };
}

function note(bucket, what, entry) {
    bucket.count++;
    bucket.by_operation[what] = (bucket.by_operation[what] ?? 0) + 1;
    bucket.last.push({ at: new Date().toISOString(), what, ...entry });
    if (bucket.last.length > KEPT) bucket.last.shift();
}

export function noteNonconforming(state, what, path, problems) {
    note(state.audit.nonconforming, what, { path, reasons: problems.map((p) => p.detail) });
}

export function noteInvalidAnswer(state, what, status, reasons) {
    note(state.audit.invalid_answers, what, { status, reasons });
    console.error(`provider-sim: INVALID ANSWER ${what} ${status}: ${reasons.join('; ')}`);
}

export function noteUndocumented(state, what, status) {
    const k = `${what} ${status}`;
    state.audit.undocumented_statuses[k] = (state.audit.undocumented_statuses[k] ?? 0) + 1;
}
