/** Summary statistics and least-squares fits for the benchmark. */

/** Median, min and max of repeated runs. */
export interface Summary {
    readonly median: number;
    readonly min: number;
    readonly max: number;
    readonly n: number;
}

export function summarize(values: readonly number[]): Summary {
    if (values.length === 0) throw new Error("no values to summarize");
    const s = [...values].sort((a, b) => a - b);
    const mid = Math.floor(s.length / 2);
    const median = s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
    return { median, min: s[0]!, max: s[s.length - 1]!, n: s.length };
}

/** `a / b` of two medians, rounded to 3 decimals. */
export function ratio(a: Summary, b: Summary): number {
    return round(a.median / b.median, 3);
}

export function round(x: number, digits = 1): number {
    const f = 10 ** digits;
    return Math.round(x * f) / f;
}

/** Least-squares line `y = slope·x + intercept` and its coefficient of determination. */
export interface LinearFit {
    readonly slope: number;
    readonly intercept: number;
    readonly r2: number;
}

export function linearFit(xs: readonly number[], ys: readonly number[]): LinearFit {
    const n = xs.length;
    if (n < 2 || ys.length !== n) throw new Error("a fit needs two or more (x, y) pairs");
    const mx = xs.reduce((a, b) => a + b, 0) / n;
    const my = ys.reduce((a, b) => a + b, 0) / n;
    let sxy = 0;
    let sxx = 0;
    let syy = 0;
    for (let i = 0; i < n; i++) {
        sxy += (xs[i]! - mx) * (ys[i]! - my);
        sxx += (xs[i]! - mx) ** 2;
        syy += (ys[i]! - my) ** 2;
    }
    const slope = sxy / sxx;
    const intercept = my - slope * mx;
    const r2 = syy === 0 ? 1 : (sxy * sxy) / (sxx * syy);
    return { slope, intercept, r2 };
}
