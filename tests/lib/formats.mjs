// The formats the server's OpenAPI document gives request members (components["x-formats"], docs/api.md),
// checked by the contract check (contract.mjs) on every body the server accepts: it must never accept one
// its own document says is malformed. Written from the standards, apart from the server's and the web
// app's own code: GB 11643 (resident ID), GB 32100 (credit code).
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CREDIT = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export const FORMAT_CHECKS = {
  'cn-resident-id': (v) => {
    const id = v.toUpperCase();
    if (!/^\d{17}[\dX]$/.test(id)) return false;
    const [y, m, d] = [id.slice(6, 10), id.slice(10, 12), id.slice(12, 14)].map(Number);
    const day = new Date(Date.UTC(y, m - 1, d));
    if (y < 1900 || day.getUTCMonth() !== m - 1 || day.getUTCDate() !== d) return false;
    const sum = ID_WEIGHTS.reduce((acc, w, i) => acc + w * Number(id[i]), 0);
    return '10X98765432'[sum % 11] === id[17];
  },
  'cn-credit-code': (v) => {
    if (v.length !== 18 || [...v].some((c) => !CREDIT.includes(c))) return false;
    const sum = CREDIT_WEIGHTS.reduce((acc, w, i) => acc + w * CREDIT.indexOf(v[i]), 0);
    return CREDIT[(31 - (sum % 31)) % 31] === v[17];
  },
  'cn-mobile': (v) => /^1\d{10}$/.test(v),
  password: (v) => Buffer.byteLength(v) >= 8 && /[A-Za-z]/.test(v) && /\d/.test(v),
};
