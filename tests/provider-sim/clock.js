// The simulated clock: real time plus an offset that POST /_sim/clock/advance
// moves forward, and a binary heap of timers {at, seq, fn} (`at` in
// simulated ms) that runDue runs once due (at the start of every request and
// on a 250 ms ticker).

export const simNow = (state) => Date.now() + state.clockOffsetMs;

const timerLess = (a, b) => a.at < b.at || (a.at === b.at && a.seq < b.seq);

export function schedule(state, at, fn) {
    const h = state.timers;
    h.push({ at, seq: ++state.timerSeq, fn });
    let i = h.length - 1;
    while (i > 0) {
        const p = (i - 1) >> 1;
        if (timerLess(h[p], h[i])) break;
        [h[p], h[i]] = [h[i], h[p]];
        i = p;
    }
}

function popTimer(h) {
    const top = h[0];
    const last = h.pop();
    if (h.length > 0) {
        h[0] = last;
        let i = 0;
        for (;;) {
            const l = 2 * i + 1;
            const r = l + 1;
            let m = i;
            if (l < h.length && timerLess(h[l], h[m])) m = l;
            if (r < h.length && timerLess(h[r], h[m])) m = r;
            if (m === i) break;
            [h[m], h[i]] = [h[i], h[m]];
            i = m;
        }
    }
    return top;
}

// Runs every timer that is due by the simulated clock; returns how many ran.
export function runDue(state) {
    let n = 0;
    while (state.timers.length > 0 && state.timers[0].at <= simNow(state)) {
        const t = popTimer(state.timers);
        n++;
        try {
            t.fn();
        } catch (err) {
            console.error('provider-sim: timer failed:', err);
        }
    }
    return n;
}
