#!/usr/bin/env python3
"""Check data/plans/*.csv against the admin-unit CSVs and, where present, the seed texts.

Usage:  python3 data/plans/check.py [--seeds DIR]      (default DIR: /work/shared/seeds)

Without the seed folder the seed cross-checks are skipped (and said so); every other
check still runs. Exit status 0 when every check passes, 1 otherwise.
"""
import csv, io, os, re, sys, unicodedata
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
AU = os.path.join(HERE, '..', 'admin-units')
SEEDS = '/work/shared/seeds'
if '--seeds' in sys.argv:
    SEEDS = sys.argv[sys.argv.index('--seeds') + 1]

FAILS = []
def check(ok, what):
    print(('PASS ' if ok else 'FAIL ') + what)
    if not ok:
        FAILS.append(what)
    return ok

# ------------------------------------------------------------------ file format
HEADERS = {
    'plans.csv': 'plan,number,issued_on,issuing_body,title_vi,title_en,unit,period_start,period_end,report_frequency,report_due,seed',
    'targets.csv': 'plan,indicator,unit,period,bound,value,low,high,lead_agency,note',
    'tasks.csv': 'plan,group_no,group_title,task_no,task,lead_agency,co_agencies,product,timeframe',
    'indicators.csv': 'code,name_vi,name_en,measure,source,aggregation,direction,numerator,denominator,definition_vi,definition_en',
}
TABLES = {}
for name, header in HEADERS.items():
    raw = open(os.path.join(HERE, name), 'rb').read()
    text = raw.decode('utf-8')                        # raises if not UTF-8
    check(not raw.startswith(b'\xef\xbb\xbf'), f'{name}: no BOM')
    check(b'\r' not in raw, f'{name}: LF line ends only')
    check(text.endswith('\n'), f'{name}: ends with a newline')
    check(unicodedata.is_normalized('NFC', text), f'{name}: NFC')
    check(text.split('\n', 1)[0] == header, f'{name}: header is {header}')
    rows = list(csv.reader(io.StringIO(text)))
    n = len(rows[0])
    check(all(len(r) == n for r in rows), f'{name}: every row has {n} fields')
    check(all(c == c.strip() for r in rows for c in r), f'{name}: no leading/trailing blanks in fields')
    TABLES[name] = list(csv.DictReader(io.StringIO(text)))
plans = {p['plan']: p for p in TABLES['plans.csv']}
targets = TABLES['targets.csv']
tasks = TABLES['tasks.csv']

# ------------------------------------------------------------------ indicators.csv: where figures come from
# computed: a formula over the registers; submitted: entered by an agency (no formula, never a rate);
# exchange: counted by the job exchange by unit and month (no formula, always summed).
SOURCES = {'computed', 'submitted', 'exchange'}
def source_ok(i):
    formula = bool(i['numerator']) or bool(i['denominator'])
    if i['source'] == 'computed':
        return bool(i['numerator']) and (i['aggregation'] == 'rate') == bool(i['denominator']) and i['aggregation'] != 'last'
    if i['source'] == 'submitted':
        return not formula and i['aggregation'] != 'rate'
    return i['source'] == 'exchange' and not formula and i['aggregation'] == 'sum'
check(all(source_ok(i) for i in TABLES['indicators.csv']),
      'indicators.csv: every source is computed/submitted/exchange and agrees with its formula and aggregation')
EXCHANGE = {i['code'] for i in TABLES['indicators.csv'] if i['source'] == 'exchange'}
check(EXCHANGE == {'sessions_total', 'sessions_daily', 'sessions_online', 'sessions_thematic', 'sessions_mobile',
                   'sessions_disability', 'counselled'},
      'indicators.csv: sessions and counselling are counted by the exchange, nothing else is')

# ------------------------------------------------------------------ admin units
legacy = list(csv.DictReader(open(os.path.join(AU, 'units-legacy.csv'), encoding='utf-8')))
new = list(csv.DictReader(open(os.path.join(AU, 'units-2025.csv'), encoding='utf-8')))
UNITS = {}   # 'legacy:001' -> (level, name, parent province code)
for r in legacy:
    UNITS['legacy:' + r['province_code']] = ('province', r['province_name'], None)
    UNITS['legacy:' + r['district_code']] = ('district', r['district_name'], r['province_code'])
    if r['commune_code']:
        UNITS['legacy:' + r['commune_code']] = ('commune', r['commune_name'], r['province_code'])
for r in new:
    UNITS['2025:' + r['province_code']] = ('province', r['province_name'], None)
    UNITS['2025:' + r['commune_code']] = ('commune', r['commune_name'], r['province_code'])

def unit_ok(u):
    return u in UNITS

def inside(u, plan_unit):
    """u is plan_unit or lies inside it (same structure)."""
    if u == plan_unit:
        return True
    s, code = plan_unit.split(':')
    if not u.startswith(s + ':') or UNITS[plan_unit][0] != 'province':
        return False
    return UNITS[u][2] == code

# ------------------------------------------------------------------ seeds
HAVE_SEEDS = all(os.path.exists(os.path.join(SEEDS, p['seed'])) for p in plans.values())
SEED = {}
if HAVE_SEEDS:
    for p in plans.values():
        SEED[p['plan']] = open(os.path.join(SEEDS, p['seed']), encoding='utf-8').read().split('\n')
else:
    print(f'SKIP seed cross-checks: seed files not found under {SEEDS}')

def ws(s):
    return re.sub(r'\s+', ' ', re.sub(r'</?b>|\*', '', s)).strip()

NUM = re.compile(r'\d+(?:\.\d{3})*(?:,\d+)?')
def vn_numbers(s):
    """Numbers as a Vietnamese text writes them: 160.000 -> 160000, 71,5 -> 71.5."""
    return [float(m.replace('.', '').replace(',', '.')) for m in NUM.findall(s)]

def structure_on(plan):
    """'legacy' or '2025' for the date the plan was issued (seed's date line when the day is blank)."""
    d = plan['issued_on']
    if d:
        return 'legacy' if d < '2025-07-01' else '2025'
    if not HAVE_SEEDS:
        return None
    for line in SEED[plan['plan']][:10]:
        m = re.search(r'ngày\s*(\d*)\s*tháng\s*(\d*)\s*năm\s*(\d{4})', line)
        if m:
            y, mo = int(m.group(3)), int(m.group(2) or 0)
            if y != 2025:
                return 'legacy' if y < 2025 else '2025'
            return None if not mo else ('legacy' if mo < 7 else '2025')
    return None

# ------------------------------------------------------------------ plans.csv
check(set(plans) == {'hanoi-2021', 'hanoi-2025', 'hcmc-d11-2030', 'hoa-xa-2030'}, 'plans.csv: the four plan ids')
for p in plans.values():
    pid = p['plan']
    check(p['issued_on'] == '' or re.fullmatch(r'\d{4}-\d{2}-\d{2}', p['issued_on']), f'{pid}: issued_on ISO date or empty')
    check(unit_ok(p['unit']), f'{pid}: unit {p["unit"]} exists ({UNITS.get(p["unit"], ("?", "?"))[1]})')
    st = structure_on(p)
    if st is None and not HAVE_SEEDS:
        print(f'SKIP {pid}: issued_on is blank; the structure check needs the seed date line')
    else:
        check(st is not None and p['unit'].startswith(st + ':'), f'{pid}: unit uses the structure valid on the plan date ({st})')
    check(re.fullmatch(r'\d{4}', p['period_start']) and re.fullmatch(r'\d{4}', p['period_end'])
          and p['period_start'] <= p['period_end'], f'{pid}: period {p["period_start"]}..{p["period_end"]}')
    check(p['report_frequency'] in ('monthly', 'quarterly', 'half-yearly', 'yearly'), f'{pid}: report_frequency {p["report_frequency"]}')
    check(re.fullmatch(r'|day-\d{1,2}|\d{2}-\d{2}', p['report_due']) is not None, f'{pid}: report_due format "{p["report_due"]}"')
    if HAVE_SEEDS:
        text = '\n'.join(SEED[pid])
        check(p['number'] in text, f'{pid}: number "{p["number"]}" is in the seed')
        check(ws(p['title_vi']).lower() in ws(text).lower(), f'{pid}: title_vi is in the seed (case-insensitive)')
        if p['issued_on']:
            y, m, d = p['issued_on'].split('-')
            pat = rf'ngày 0?{int(d)}/0?{int(m)}/{y}|ngày 0?{int(d)} tháng 0?{int(m)} năm {y}'
            check(re.search(pat, text) is not None, f'{pid}: issued_on {p["issued_on"]} is in the seed')
check(plans['hanoi-2021']['unit'] == 'legacy:01' and UNITS['legacy:01'][1] == 'Thành phố Hà Nội', 'hanoi-2021 covers legacy:01 Thành phố Hà Nội')
check(UNITS[plans['hcmc-d11-2030']['unit']][1] == 'Quận 11' and UNITS[plans['hcmc-d11-2030']['unit']][2] == '79',
      'hcmc-d11-2030 covers Quận 11 of province 79 (Hồ Chí Minh)')
check(UNITS[plans['hoa-xa-2030']['unit']][1] == 'Xã Hòa Xá' and UNITS[plans['hoa-xa-2030']['unit']][2] == '01',
      'hoa-xa-2030 covers Xã Hòa Xá of province 01 (2025 structure)')

# ------------------------------------------------------------------ targets.csv
INDICATORS = {'new_jobs', 'unemployment_rate', 'urban_unemployment_rate', 'youth_unemployment_rate', 'trained_rate',
              'certified_rate', 'it_skills_rate', 'productivity_growth', 'social_insurance_rate',
              'voluntary_insurance_rate', 'unemployment_insurance_rate', 'health_insurance_rate',
              'insurance_satisfaction', 'sessions_total', 'sessions_daily', 'sessions_online', 'sessions_thematic',
              'sessions_mobile', 'sessions_disability', 'policy_loan_disbursed', 'policy_loan_jobs',
              'overseas_contract', 'vocational_enrolment', 'counselled'}
DEC = re.compile(r'\d+(\.\d+)?')
bad = []
keys = defaultdict(int)
for i, t in enumerate(targets, start=2):
    pid = t['plan']
    keys[(pid, t['indicator'], t['unit'], t['period'])] += 1
    probs = []
    if pid not in plans: probs.append('unknown plan')
    if t['indicator'] not in INDICATORS: probs.append('indicator ' + t['indicator'])
    if not re.fullmatch(r'\d{4}(-Q[1-4]|-H[12]|-(0[1-9]|1[0-2]))?|\d{4}\.\.\d{4}', t['period']): probs.append('period')
    b = t['bound']
    if b in ('eq', 'lt', 'le', 'gt', 'ge'):
        if not (DEC.fullmatch(t['value']) and t['low'] == '' and t['high'] == ''): probs.append('value/low/high for ' + b)
    elif b == 'range':
        if not (t['value'] == '' and DEC.fullmatch(t['low']) and DEC.fullmatch(t['high'])
                and float(t['low']) <= float(t['high'])): probs.append('low/high for range')
    else:
        probs.append('bound ' + b)
    if not unit_ok(t['unit']): probs.append('unit does not exist: ' + t['unit'])
    elif pid in plans and not inside(t['unit'], plans[pid]['unit']): probs.append('unit not in plan unit')
    m = re.search(r'dòng (\d+): (.+)$', t['note'])
    if not m:
        probs.append('note has no "dòng N: quote"')
    elif HAVE_SEEDS and pid in SEED:
        line = ws(SEED[pid][int(m.group(1)) - 1])
        pos = 0
        for piece in m.group(2).split(' ... '):
            j = line.find(ws(piece), pos)
            if j < 0:
                probs.append(f'quote not on seed line {m.group(1)}: {piece!r}')
                break
            pos = j + len(ws(piece))
        nums = vn_numbers(m.group(2))
        for v in (t['value'], t['low'], t['high']):
            if v and float(v) not in nums:
                probs.append(f'{v} not written in the quoted text')
    if probs:
        bad.append(f'line {i}: ' + '; '.join(probs))
check(not bad, f'targets.csv: {len(targets)} rows well-formed (indicator, period, bound, unit, note quote on the cited seed line, value written in the quote)'
      + ('' if not bad else '\n    ' + '\n    '.join(bad)))
dups = [k for k, n in keys.items() if n > 1]
check(not dups, f'targets.csv: no duplicate (plan, indicator, unit, period) {dups if dups else ""}')

def rows(plan, ind=None, period=None):
    return [t for t in targets if t['plan'] == plan and (ind is None or t['indicator'] == ind)
            and (period is None or t['period'] == period)]
def val(plan, ind, period, unit=None):
    r = [t for t in rows(plan, ind, period) if unit is None or t['unit'] == unit]
    return float(r[0]['value']) if len(r) == 1 else None

# --- Hanoi 2021 appendix
app = [t for t in rows('hanoi-2021', 'new_jobs', '2021') if t['unit'] != 'legacy:01']
check(len(app) == 30, f'hanoi-2021 appendix: {len(app)} district rows (want 30)')
check(all(UNITS[t['unit']][0] == 'district' and UNITS[t['unit']][2] == '01' for t in app),
      'hanoi-2021 appendix: every row is a legacy district of Hà Nội (01)')
check(len({t['unit'] for t in app}) == 30 and {t['unit'] for t in app} == {k for k, v in UNITS.items()
      if k.startswith('legacy:') and v[0] == 'district' and v[2] == '01'}, 'hanoi-2021 appendix: the 30 districts are exactly the 30 legacy Hà Nội districts')
s = sum(float(t['value']) for t in app)
check(s == 160000, f'hanoi-2021 appendix sums to {s:.0f} (want 160000)')
check(val('hanoi-2021', 'new_jobs', '2021', 'legacy:01') == s, 'hanoi-2021 appendix sum equals the city headline new_jobs')
if HAVE_SEEDS:
    seed_app = {}
    total = None
    for line in SEED['hanoi-2021']:
        p = line.split('\t')
        if len(p) == 3 and p[0].isdigit():
            seed_app[p[1]] = float(p[2].replace('.', ''))
        if line.startswith('Tổng cộng'):
            total = float(p[-1].replace('.', ''))
    def short(u):
        return re.sub(r'^(Quận|Huyện|Thị xã|Thành phố) ', '', UNITS[u][1])
    csv_app = {short(t['unit']): float(t['value']) for t in app}
    check(csv_app == seed_app, 'hanoi-2021 appendix: every district name and number equals the seed table (names matched to units-legacy.csv)')
    check(total == sum(seed_app.values()), f'hanoi-2021 seed: its "Tổng cộng" {total:.0f} equals the sum of its 30 rows')

# --- sessions by quarter
KINDS = ['sessions_daily', 'sessions_online', 'sessions_thematic', 'sessions_mobile', 'sessions_disability']
check(val('hanoi-2021', 'sessions_total', '2021-Q1') == 61 and val('hanoi-2021', 'sessions_thematic', '2021-Q1') == 1
      and val('hanoi-2021', 'sessions_online', '2021-Q1') == 1 and val('hanoi-2021', 'sessions_mobile', '2021-Q1') == 3
      and val('hanoi-2021', 'sessions_daily', '2021-Q1') == 56, 'hanoi-2021 Q1: 61 sessions = 1 thematic + 1 online + 3 mobile + 56 daily')
for pid in ('hanoi-2021', 'hanoi-2025'):
    for q in sorted({t['period'] for t in rows(pid, 'sessions_total')}):
        tot = val(pid, 'sessions_total', q)
        parts = {k: val(pid, k, q) for k in KINDS if val(pid, k, q) is not None}
        check(tot == sum(parts.values()), f'{pid} {q}: sessions_total {tot:.0f} = sum of kinds {sum(parts.values()):.0f} '
              + '(' + ' + '.join(f'{v:.0f} {k[9:]}' for k, v in parts.items()) + ')')
def qsum(pid, ind):
    return sum(float(t['value']) for t in rows(pid, ind) if re.fullmatch(r'\d{4}-Q[1-4]', t['period']))
check(qsum('hanoi-2021', 'policy_loan_disbursed') == 1608, f'hanoi-2021 quarterly loans sum to VND {qsum("hanoi-2021", "policy_loan_disbursed"):.0f} billion (want 1608)')
check(qsum('hanoi-2021', 'policy_loan_jobs') == 31500, f'hanoi-2021 quarterly jobs from loans sum to {qsum("hanoi-2021", "policy_loan_jobs"):.0f} (want 31500)')
check(qsum('hanoi-2025', 'sessions_total') == 255, f'hanoi-2025 quarterly sessions sum to {qsum("hanoi-2025", "sessions_total"):.0f} (want 255)')
check(qsum('hanoi-2025', 'policy_loan_disbursed') == 3650, f'hanoi-2025 quarterly loans sum to VND {qsum("hanoi-2025", "policy_loan_disbursed"):.0f} billion (want 3650)')
print(f'INFO hanoi-2021 quarterly sessions {qsum("hanoi-2021", "sessions_total"):.0f}, workers abroad {qsum("hanoi-2021", "overseas_contract"):.0f}; '
      f'hanoi-2025 jobs from loans {qsum("hanoi-2025", "policy_loan_jobs"):.0f}, workers abroad {qsum("hanoi-2025", "overseas_contract"):.0f}')

if HAVE_SEEDS:
    # independent re-read of each quarterly schedule from the seed text
    KW = {'chuyên đề': 'sessions_thematic', 'online': 'sessions_online', 'lưu động': 'sessions_mobile',
          'hàng ngày': 'sessions_daily', 'lồng ghép tuyển dụng lao động là người khuyết tật': 'sessions_disability'}
    ROMAN = {'I': 1, 'II': 2, 'III': 3, 'IV': 4}
    for pid in ('hanoi-2021', 'hanoi-2025'):
        got, q = {}, None
        for line in SEED[pid]:
            m = re.search(r'Quý (IV|III|II|I)/(\d{4})', line)
            if m and len(line) < 40:
                q = f'{m.group(2)}-Q{ROMAN[m.group(1)]}'
                continue
            if re.match(r'\W*(III|IV|\d)\.\s', line) or 'TỔ CHỨC THỰC HIỆN' in line:
                q = None
            if not q:
                continue
            n = lambda s: float(s.replace('.', ''))
            if (m := re.search(r'Tổ chức (\d+) phiên', line)):
                got[(q, 'sessions_total')] = n(m.group(1))
                for k, code in KW.items():
                    for mm in re.finditer(r'(\d+) phiên GDVL ' + k, line):
                        got[(q, code)] = n(mm.group(1))
            if (m := re.search(r'([\d.]+) tỷ đồng', line)):
                got[(q, 'policy_loan_disbursed')] = n(m.group(1))
            if (m := re.search(r'tạo việc làm cho ([\d.]+) lao động', line)):
                got[(q, 'policy_loan_jobs')] = n(m.group(1))
            if (m := re.search(r'Xuất khẩu lao động: ([\d.]+) người', line)):
                got[(q, 'overseas_contract')] = n(m.group(1))
        have = {(t['period'], t['indicator']): float(t['value']) for t in targets
                if t['plan'] == pid and re.fullmatch(r'\d{4}-Q[1-4]', t['period'])}
        check(got == have and len(got) > 0, f'{pid}: the {len(have)} quarterly rows equal a fresh regex read of the seed schedule'
              + ('' if got == have else f'\n    seed-only {set(got.items()) - set(have.items())}\n    csv-only {set(have.items()) - set(got.items())}'))

# --- Hòa Xá appendix I
hx = rows('hoa-xa-2030')
app1 = [t for t in hx if 'Phụ lục I, TT' in t['note']]
inds = {t['indicator'] for t in app1}
check(len(inds) == 9, f'hoa-xa-2030: nine appendix-I targets ({len(inds)} indicators: {", ".join(sorted(inds))})')
check(all(t['lead_agency'] for t in app1), 'hoa-xa-2030: every appendix-I row has a lead_agency')
other = sorted({t['indicator'] for t in hx} - inds)
check(other == ['trained_rate'], f'hoa-xa-2030: the only target outside appendix I is the body text trained_rate ({other})')
check(sorted(t['period'] for t in hx if t['indicator'] == 'new_jobs') == [str(y) for y in range(2026, 2031)]
      and all((t['low'], t['high'], t['bound']) == ('400', '600', 'range') and 'bình quân mỗi năm' in t['note']
              for t in hx if t['indicator'] == 'new_jobs'), 'hoa-xa-2030: new_jobs is one 400-600 range row per year 2026..2030, note "bình quân mỗi năm"')
if HAVE_SEEDS:
    L = SEED['hoa-xa-2030']
    start1 = next(i for i, l in enumerate(L) if l.startswith('<b>TT</b>'))
    seed_rows = [l.split('\t') for l in L[start1 + 1:start1 + 12] if re.match(r'\d\t', l)]
    seed_rows = [r for r in seed_rows if len(r) == 5]
    check(len(seed_rows) == 9, f'hoa-xa seed: appendix I has {len(seed_rows)} rows')
    for r in seed_rows:
        line_no = L.index('\t'.join(r)) + 1
        mine = [t for t in app1 if re.search(rf'dòng {line_no}:', t['note'])]
        nums = vn_numbers(r[3])
        ok = bool(mine) and all(t['lead_agency'] == r[4].strip() for t in mine) and all(
            [float(x) for x in (t['value'], t['low'], t['high']) if x] == nums for t in mine)
        check(ok, f'hoa-xa appendix I TT {r[0]} (line {line_no}): value(s) {r[3]} and agency "{r[4].strip()}" match')

# ------------------------------------------------------------------ tasks.csv
check(len(tasks) == 13, f'tasks.csv: {len(tasks)} task rows (Phụ lục 2 has 13)')
check([t['group_no'] for t in tasks] == ['I'] * 3 + ['II'] * 2 + ['III'] * 2 + ['IV'] * 5 + ['V'],
      'tasks.csv: groups I(3) II(2) III(2) IV(5) V(1) in seed order')
check(tasks[-1]['task_no'] == '1', 'tasks.csv: the unnumbered group-V row has task_no 1')
if HAVE_SEEDS:
    L = SEED['hoa-xa-2030']
    start = next(i for i, l in enumerate(L) if l.startswith('TT\tNội dung'))
    seed_tasks, g = [], None
    for l in L[start + 1:]:
        p = l.split('\t')
        if len(p) != 6:
            continue
        if p[0].startswith('<b>'):
            g = (ws(p[0]), ws(p[1]))
            continue
        seed_tasks.append([g[0], g[1], p[0].strip() or '1'] + [x.strip() for x in p[1:]])
    mine = [[t[k] for k in ('group_no', 'group_title', 'task_no', 'task', 'lead_agency', 'co_agencies', 'product', 'timeframe')]
            for t in tasks]
    check(mine == seed_tasks, 'tasks.csv: every field equals the seed table cell, unabridged (only <b> tags and edge blanks removed)')

print()
print('ALL CHECKS PASSED' if not FAILS else f'{len(FAILS)} CHECK(S) FAILED')
sys.exit(1 if FAILS else 0)
