import assert from 'node:assert/strict';
import fc from 'fast-check';
import { plainText } from '../../src/cards/plain-text.js';
import { DEFAULT_INVENTORY_NUMBER, isPhoneNumber, validateVpnReport, type VpnProblem } from '../../src/domain/vpn-report-validation.js';

const NOW = '2026-11-25T09:00:00Z';
const VALID = {
  client: 'forticlient',
  symptom: 'no-connection',
  since: '2026-11-25T08:15:00+01:00',
  connection: 'wlan',
  internetWithoutVpn: 'true',
  affected: 'only-me',
};

const problemsOf = (input: Record<string, unknown>, opts = {}): Array<[string, string]> => {
  const r = validateVpnReport(input, { now: NOW, ...opts });
  return r.ok ? [] : r.problems.map((p: VpnProblem) => [p.field, p.code]);
};

describe('VPN report validation', () => {
  it('a complete card becomes a report: text trimmed, toggles and numbers from card text', () => {
    const r = validateVpnReport(
      { ...VALID, errorText: '  Fehler -14 ', progressPercent: '10 %', deviceInventoryNumber: 'LRA-NB-04711', clientVersion: '7.2.4 (build 1234)', triedAlready: 'Router neu gestartet', callbackNumber: '+49 (0) 351 488-1234', extra: 'ignored' },
      { now: NOW },
    );
    assert.deepEqual(r, {
      ok: true,
      report: {
        client: 'forticlient', symptom: 'no-connection', since: '2026-11-25T08:15:00+01:00', connection: 'wlan', internetWithoutVpn: true, affected: 'only-me',
        errorText: 'Fehler -14', progressPercent: 10, deviceInventoryNumber: 'LRA-NB-04711', clientVersion: '7.2.4 (build 1234)', triedAlready: 'Router neu gestartet', callbackNumber: '+49 (0) 351 488-1234',
      },
    });
  });

  it('empty optional fields are left out, false toggles stay false', () => {
    const r = validateVpnReport({ ...VALID, internetWithoutVpn: false, errorText: '   ', progressPercent: '', callbackNumber: '' }, { now: NOW });
    assert.ok(r.ok);
    assert.equal(r.report.internetWithoutVpn, false);
    assert.deepEqual(Object.keys(r.report).sort(), ['affected', 'client', 'connection', 'internetWithoutVpn', 'since', 'symptom']);
  });

  const cases: Array<[name: string, patch: Record<string, unknown>, expect: Array<[string, string]>, opts?: object]> = [
    ['nothing given → every required field named', { client: undefined, symptom: undefined, since: undefined, connection: undefined, internetWithoutVpn: undefined, affected: undefined },
      [['client', 'REQUIRED'], ['symptom', 'REQUIRED'], ['connection', 'REQUIRED'], ['affected', 'REQUIRED'], ['internetWithoutVpn', 'REQUIRED'], ['since', 'REQUIRED']]],
    ['unknown client', { client: 'openvpn' }, [['client', 'UNKNOWN_VALUE']]],
    ['unknown symptom', { symptom: 'kaputt' }, [['symptom', 'UNKNOWN_VALUE']]],
    ['client case matters (values come from the card)', { client: 'FortiClient' }, [['client', 'UNKNOWN_VALUE']]],
    ['a client the organisation does not offer', { client: 'globalprotect' }, [['client', 'CLIENT_NOT_OFFERED']], { clients: ['forticlient', 'other'] }],
    ['error text of 501 characters', { errorText: 'x'.repeat(501) }, [['errorText', 'TOO_LONG']]],
    ['error text of 500 emoji is fine (counted as characters, not UTF-16 units)', { errorText: '😀'.repeat(500) }, []],
    ['tried-already of 1,001 characters', { triedAlready: 'y'.repeat(1001) }, [['triedAlready', 'TOO_LONG']]],
    ['tried-already of 1,000 characters with line breaks', { triedAlready: `${'y'.repeat(499)}\n${'z'.repeat(500)}` }, []],
    ['a NUL in the error text', { errorText: 'a\u0000b' }, [['errorText', 'CONTROL_CHARACTERS']]],
    ['a right-to-left override in the inventory number', { deviceInventoryNumber: 'NB\u202E17' }, [['deviceInventoryNumber', 'CONTROL_CHARACTERS'], ['deviceInventoryNumber', 'INVALID_INVENTORY_NUMBER']]],
    ['error text that is not text', { errorText: 42 }, [['errorText', 'NOT_TEXT']]],
    ['call-back number with letters', { callbackNumber: '0351 HILFE' }, [['callbackNumber', 'INVALID_PHONE']]],
    ['call-back number with two digits', { callbackNumber: '12' }, [['callbackNumber', 'INVALID_PHONE']]],
    ['call-back number with a + in the middle', { callbackNumber: '0351+123' }, [['callbackNumber', 'INVALID_PHONE']]],
    ['call-back number too long', { callbackNumber: '0'.repeat(31) }, [['callbackNumber', 'TOO_LONG']]],
    ['inventory number with a space', { deviceInventoryNumber: 'NB 4711' }, [['deviceInventoryNumber', 'INVALID_INVENTORY_NUMBER']]],
    ['inventory number by the organisation pattern', { deviceInventoryNumber: 'NB-4711' }, [['deviceInventoryNumber', 'INVALID_INVENTORY_NUMBER']], { inventoryNumber: /^INV-\d{6}$/ }],
    ['client version with markup', { clientVersion: '<script>' }, [['clientVersion', 'INVALID_VERSION']]],
    ['progress above 100', { progressPercent: 120 }, [['progressPercent', 'OUT_OF_RANGE']]],
    ['progress negative', { progressPercent: -1 }, [['progressPercent', 'OUT_OF_RANGE']]],
    ['progress as words', { progressPercent: 'zehn' }, [['progressPercent', 'NOT_A_NUMBER']]],
    ['internet toggle "ja"', { internetWithoutVpn: 'ja' }, [['internetWithoutVpn', 'NOT_BOOLEAN']]],
    ['since not a date', { since: 'gestern' }, [['since', 'INVALID_DATE']]],
    ['since on 31 February', { since: '2026-02-31' }, [['since', 'INVALID_DATE']]],
    ['since at 25:00', { since: '2026-11-25T25:00:00Z' }, [['since', 'INVALID_DATE']]],
    ['since without an offset (ambiguous)', { since: '2026-11-25T08:00:00' }, [['since', 'INVALID_DATE']]],
    ['since tomorrow', { since: '2026-11-26' }, [['since', 'IN_FUTURE']]],
    ['since in an hour', { since: '2026-11-25T10:00:00Z' }, [['since', 'IN_FUTURE']]],
    ['since today (a date alone)', { since: '2026-11-25' }, []],
    ['since 30 seconds ahead (clock skew)', { since: '2026-11-25T09:00:30Z' }, []],
  ];
  for (const [name, patch, expect, opts] of cases) {
    it(`${name} → ${expect.length === 0 ? 'valid' : expect.map((e) => e.join(' ')).join(', ')}`, () => {
      assert.deepEqual(problemsOf({ ...VALID, ...patch }, opts), expect);
    });
  }

  it('HTML and Markdown in free text are kept exactly as typed', () => {
    const text = '<b>Fehler</b> **-14** [hier](https://x.example) & <script>alert(1)</script>';
    const r = validateVpnReport({ ...VALID, errorText: text, triedAlready: text }, { now: NOW });
    assert.ok(r.ok);
    assert.equal(r.report.errorText, text);
    assert.equal(r.report.triedAlready, text);
  });

  it('every problem carries the limit it broke', () => {
    const r = validateVpnReport({ ...VALID, errorText: 'x'.repeat(612) }, { now: NOW });
    assert.ok(!r.ok);
    assert.deepEqual(r.problems, [{ field: 'errorText', code: 'TOO_LONG', params: { max: 500, length: 612 } }]);
  });

  it('phone numbers as written in German offices', () => {
    for (const ok of ['0351 488-1234', '+49 351 4881234', '0351/488 12 34', '+49 (0) 6131 12-0', '112']) assert.ok(isPhoneNumber(ok), ok);
    for (const bad of ['', '++49 351', 'tel: 0351', '0351 1234 ext 5', '+']) assert.ok(!isPhoneNumber(bad), bad);
    assert.ok(DEFAULT_INVENTORY_NUMBER.test('IT/2024/0815'));
  });
});

describe('plainText (Adaptive Card TextBlock)', () => {
  const table: Array<[input: string, expect: string]> = [
    ['**x**', '\\*\\*x\\*\\*'],
    ['_kursiv_', '\\_kursiv\\_'],
    ['[a](b)', '\\[a\\]\\(b\\)'],
    ['<b>fett</b>', '\\<b\\>fett\\</b\\>'],
    ['# Titel', '\\# Titel'],
    ['- Punkt\n1. Erstens\n  2) Zweitens', '\\- Punkt\n1\\. Erstens\n  2\\) Zweitens'],
    ['&amp; bleibt', '\\&amp; bleibt'],
    ['Fehler -14 bei 10 %', 'Fehler -14 bei 10 %'],
    ['a\\*b', 'a\\\\\\*b'],
    ['Zeile 1\r\nZeile 2', 'Zeile 1\nZeile 2'],
  ];
  for (const [input, expect] of table) {
    it(`${JSON.stringify(input)} shows literally`, () => assert.equal(plainText(input), expect));
  }

  /** What a CommonMark renderer shows for backslash escapes: the character after each backslash. */
  const shown = (escaped: string) => escaped.replace(/\\([!-/:-@[-`{-~])/g, '$1');

  it('property: removing the escapes gives back the text (nothing is lost or changed)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('*', '_', '[', ']', '(', ')', '<', '>', '#', '-', '1', '.', '\\', '&', '`', '~', '|', 'a', ' ', '\n') , maxLength: 40 }), (s) => {
        assert.equal(shown(plainText(s)), s);
      }),
    );
  });

  it('property: no markup character is left unescaped', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (s) => {
        const out = plainText(s);
        // strip escaped pairs; what remains may hold none of the inline markup characters
        const rest = out.replace(/\\[!-/:-@[-`{-~]/g, '');
        assert.ok(!/[*_[\]<>`~\\]/.test(rest), JSON.stringify(out));
      }),
    );
  });
});
