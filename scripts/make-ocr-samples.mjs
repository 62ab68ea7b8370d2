#!/usr/bin/env node
/**
 * Renders the OCR pictures with ImageMagick (`convert`, v6 or v7's `magick`) and fonts
 * from fonts-dejavu-core, fonts-noto-cjk and (Korean) fonts-nanum, fonts-unfonts-core and
 * fonts-baekmuk:
 *  - `demo`: public/samples/ocr/*.png + samples.json: nine demo pictures, three per framing;
 *  - `eval`: bench/ocr-eval/*.png + truth.json: the evaluation set, drawn from a seeded
 *    generator (text, font, size, angle, noise, blur, colours) so it is the same on every run;
 *  - `korean`: four Korean demo pictures (a meter, a medication label, a road sign, a notice),
 *    added to samples.json, and bench/ocr-eval-ko/: the Hangul evaluation set. Both are drawn
 *    only in fonts that hangul-rec never saw in training (scripts/recipes/hangul_rec/render.py
 *    HELD_OUT_FAMILIES), so what they measure is reading, not remembering.
 * The PNGs are committed; CI needs neither ImageMagick nor the fonts.
 * Usage: node scripts/make-ocr-samples.mjs [demo] [eval] [korean]   (all three by default)
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

const SAMPLES = 'public/samples/ocr';
const EVAL = 'bench/ocr-eval';
const EVAL_KO = 'bench/ocr-eval-ko';
const IM = (() => {
  try {
    execFileSync('magick', ['-version'], { stdio: 'ignore' });
    return ['magick'];
  } catch {
    return ['convert'];
  }
})();

/** @param {string[]} args */
const im = (args) => execFileSync(IM[0] ?? 'convert', args, { stdio: ['ignore', 'ignore', 'inherit'] });

/** Seeded PRNG (mulberry32) so the evaluation set is reproducible. @param {number} seed */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Text lines as one picture: each line a `label:`, stacked left-aligned, padded, turned,
 * then degraded. Grey PNG unless `color` (keeps files small).
 * @param {string} file
 * @param {{ lines: string[]; font: string; size: number; fg: string; bg: string; angle?: number; noise?: number; blur?: number; shear?: number; color?: boolean; pad?: number }} o
 */
function renderLines(file, o) {
  const labels = o.lines.flatMap((l) => ['(', '-font', o.font, '-pointsize', String(o.size), `label:${l}`, '-splice', `0x${Math.round(o.size / 3)}`, ')']);
  im([
    '-background', o.bg, '-fill', o.fg, ...labels, '-gravity', 'West', '-append',
    '-bordercolor', o.bg, '-border', String(o.pad ?? Math.round(o.size * 0.8)),
    ...(o.shear ? ['-shear', `${o.shear}x0`] : []),
    ...(o.angle ? ['-rotate', String(o.angle)] : []), '+repage',
    ...(o.blur ? ['-blur', `0x${o.blur}`] : []),
    ...(o.noise ? ['-seed', '7', '-attenuate', String(o.noise), '+noise', 'Gaussian'] : []),
    ...(o.color ? [] : ['-colorspace', 'Gray']), '-depth', '8', '-strip', file,
  ]);
}

/** @param {string} file @param {string} size @param {string} bg @param {string[]} draw ImageMagick arguments after the canvas */
const renderScene = (file, size, bg, draw) => im(['-size', size, `xc:${bg}`, ...draw, '-depth', '8', '-strip', file]);

/** @param {string} font @param {number} size @param {string} fill @param {string} at @param {string} t */
const text = (font, size, fill, at, t) => ['-font', font, '-pointsize', String(size), '-fill', fill, '-annotate', at, t];

function demoSamples() {
  rmSync(SAMPLES, { recursive: true, force: true });
  mkdirSync(SAMPLES, { recursive: true });
  const mono = 'DejaVu-Sans-Mono-Bold';
  const sans = 'DejaVu-Sans';
  const bold = 'DejaVu-Sans-Bold';
  /** @type {{ file: string; framing: 'energy' | 'healthcare' | 'automotive'; lines: string[]; caption: { ko: string; en: string }; draw: () => void }[]} */
  const samples = [
    { file: 'energy-electricity-meter.png', framing: 'energy', lines: ['ELECTRICITY METER', '04721.6 kWh', 'No. 2024-118930'],
      caption: { ko: '전력량계 표시창 (3° 기울어짐)', en: 'Electricity meter face (tilted 3°)' },
      draw: () => renderScene(`${SAMPLES}/energy-electricity-meter.png`, '520x300', '#3a3f44', [
        '-fill', '#d9dde0', '-draw', 'roundrectangle 20,20 500,280 18,18', ...text(bold, 22, '#222', '+60+70', 'ELECTRICITY METER'),
        '-fill', '#9fb59a', '-draw', 'rectangle 50,100 470,190', ...text(mono, 50, '#1c261b', '+70+165', '04721.6 kWh'),
        ...text(sans, 20, '#333', '+60+245', 'No. 2024-118930'), '-background', '#3a3f44', '-rotate', '3', '+repage'])},
    { file: 'energy-gas-meter.png', framing: 'energy', lines: ['GAS METER G4', '0387.25 m3'],
      caption: { ko: '가스 계량기 숫자 바퀴 (비스듬히 찍힘)', en: 'Gas meter register (photographed at a slant)' },
      draw: () => renderScene(`${SAMPLES}/energy-gas-meter.png`, '480x260', '#c9b458', [
        ...text(bold, 26, '#201c10', '+40+60', 'GAS METER G4'), '-fill', '#111', '-draw', 'rectangle 30,100 450,190',
        ...text(mono, 56, '#f4f4f4', '+45+167', '0387.25 m3'), '-virtual-pixel', 'background', '-background', '#8a7b3a',
        '-distort', 'Perspective', '0,0 10,12  480,0 470,0  480,260 480,260  0,260 0,240'])},
    { file: 'energy-meter-upside-down.png', framing: 'energy', lines: ['12508.3 kWh', 'Tariff T1 peak'],
      caption: { ko: '거꾸로 찍힌 계량기 (방향 분류기가 바로 세움)', en: 'Meter photographed upside down (the direction classifier turns it)' },
      draw: () => renderScene(`${SAMPLES}/energy-meter-upside-down.png`, '460x220', '#e4e6e8', [
        '-fill', '#a8bba3', '-draw', 'rectangle 30,30 430,120', ...text(mono, 46, '#14200f', '+50+95', '12508.3 kWh'),
        ...text(sans, 24, '#222', '+40+175', 'Tariff T1 peak'), '-rotate', '180'])},
    { file: 'healthcare-amoxicillin.png', framing: 'healthcare', lines: ['Amoxicillin 500mg', 'Take 1 tablet 3 times daily', 'EXP 2027-05 LOT A2391'],
      caption: { ko: '항생제 약 봉투 라벨', en: 'Antibiotic pharmacy label' },
      draw: () => renderScene(`${SAMPLES}/healthcare-amoxicillin.png`, '560x240', '#f7f7f2', [
        '-fill', 'none', '-stroke', '#2b6cb0', '-strokewidth', '4', '-draw', 'rectangle 8,8 552,232', '-stroke', 'none',
        ...text(bold, 34, '#102a43', '+30+65', 'Amoxicillin 500mg'), ...text(sans, 24, '#222', '+30+125', 'Take 1 tablet 3 times daily'),
        ...text(mono.replace('-Bold', ''), 20, '#444', '+30+190', 'EXP 2027-05 LOT A2391')])},
    { file: 'healthcare-ibuprofen.png', framing: 'healthcare', lines: ['Ibuprofen 200mg', 'Max 6 tablets in 24 hours'],
      caption: { ko: '진통제 상자 (4° 기울어짐)', en: 'Painkiller box (tilted 4°)' },
      draw: () => renderScene(`${SAMPLES}/healthcare-ibuprofen.png`, '500x200', '#ffffff', [
        '-fill', '#c53030', '-draw', 'rectangle 0,0 500,24', ...text(bold, 36, '#111', '+30+85', 'Ibuprofen 200mg'),
        ...text('DejaVu-Serif', 24, '#333', '+30+150', 'Max 6 tablets in 24 hours'), '-background', '#b0b0b0', '-rotate', '-4', '+repage'])},
    { file: 'healthcare-insulin-vial.png', framing: 'healthcare', lines: ['Insulin 100 IU/mL', 'Lot 7HK204 EXP 11/2026'],
      caption: { ko: '인슐린 바이알 라벨 (원근 왜곡)', en: 'Insulin vial label (perspective)' },
      draw: () => renderScene(`${SAMPLES}/healthcare-insulin-vial.png`, '480x200', '#eef6fb', [
        ...text(bold, 34, '#0b3954', '+30+75', 'Insulin 100 IU/mL'), ...text(sans, 24, '#333', '+30+145', 'Lot 7HK204 EXP 11/2026'),
        '-virtual-pixel', 'background', '-background', '#5a6b75', '-distort', 'Perspective', '0,0 0,8  480,0 470,0  480,200 478,196  0,200 6,200'])},
    { file: 'automotive-speed-limit.png', framing: 'automotive', lines: ['SPEED', 'LIMIT', '60'],
      caption: { ko: '속도 제한 표지판', en: 'Speed limit sign' },
      draw: () => renderScene(`${SAMPLES}/automotive-speed-limit.png`, '300x380', '#7aa2c8', [
        '-fill', 'white', '-stroke', 'black', '-strokewidth', '6', '-draw', 'roundrectangle 40,20 260,360 14,14', '-stroke', 'none',
        ...text(bold, 40, 'black', '+85+90', 'SPEED'), ...text(bold, 40, 'black', '+92+150', 'LIMIT'), ...text(bold, 110, 'black', '+78+300', '60')])},
    { file: 'automotive-direction-sign.png', framing: 'automotive', lines: ['Gwangju 12 km', 'Naju 25 km'],
      caption: { ko: '도로 방향 표지판 (2° 기울어짐)', en: 'Road direction sign (tilted 2°)' },
      draw: () => renderScene(`${SAMPLES}/automotive-direction-sign.png`, '480x220', '#1f6f43', [
        '-fill', 'none', '-stroke', 'white', '-strokewidth', '4', '-draw', 'roundrectangle 10,10 470,210 12,12', '-stroke', 'none',
        ...text(bold, 40, 'white', '+40+90', 'Gwangju 12 km'), ...text(bold, 40, 'white', '+40+170', 'Naju 25 km'),
        '-background', '#9bb7d4', '-rotate', '2', '+repage'])},
    { file: 'automotive-plate.png', framing: 'automotive', lines: ['GJ 1234'],
      caption: { ko: '번호판 (라틴 문자와 숫자, 비스듬히)', en: 'Number plate (Latin letters and digits, at a slant)' },
      draw: () => renderScene(`${SAMPLES}/automotive-plate.png`, '440x150', '#30343a', [
        '-fill', '#f2f2f2', '-stroke', '#111', '-strokewidth', '4', '-draw', 'roundrectangle 20,20 420,130 10,10', '-stroke', 'none',
        ...text(bold, 72, '#111', '+60+105', 'GJ 1234'), '-virtual-pixel', 'background', '-background', '#30343a',
        '-distort', 'Perspective', '0,0 14,10  440,0 430,0  440,150 440,150  0,150 0,138'])},
  ];
  for (const s of samples) s.draw();
  const list = samples.map(({ file, framing, lines, caption }) => ({ file, framing, lines, caption }));
  writeFileSync(`${SAMPLES}/samples.json`, `${JSON.stringify(list, null, 2)}\n`);
}

/** @param {() => number} r @param {readonly string[]} xs */
const pick = (r, xs) => xs[Math.floor(r() * xs.length)] ?? '';
/** @param {() => number} r @param {number} n */
const digits = (r, n) => Array.from({ length: n }, () => Math.floor(r() * 10)).join('');
/** @param {() => number} r */
const letters = (r, n = 2) => Array.from({ length: n }, () => pick(r, [...'ABCDEFGHJKLMNPRSTUVWXYZ'])).join('');

/** Line makers per kind; Chinese and Hangul lines are fixed phrases (a random string would not be text). */
const LINES = /** @type {Record<string, (r: () => number) => string>} */ ({
  meter: (r) => pick(r, [`${digits(r, 5)}.${digits(r, 1)} kWh`, `${digits(r, 4)}.${digits(r, 2)} m3`, `${digits(r, 3)}.${digits(r, 1)} kW`]),
  med: (r) => pick(r, [`${pick(r, ['Amoxicillin', 'Paracetamol', 'Metformin', 'Ibuprofen', 'Cetirizine'])} ${pick(r, ['250', '500', '850', '10', '200'])}mg`,
    `Take ${pick(r, ['1', '2'])} tablet ${pick(r, ['2', '3'])} times daily`, `EXP 20${pick(r, ['26', '27', '28'])}-${pick(r, ['01', '05', '09', '12'])}`, `LOT ${letters(r)}${digits(r, 4)}`]),
  road: (r) => pick(r, [`SPEED LIMIT ${pick(r, ['30', '50', '60', '80', '100'])}`, `${pick(r, ['Gwangju', 'Mokpo', 'Suncheon', 'Naju', 'Damyang'])} ${digits(r, 2)} km`, `${letters(r)} ${digits(r, 4)}`, `EXIT ${digits(r, 2)}`]),
  misc: (r) => pick(r, [`Invoice No. ${digits(r, 6)}`, `Tel 062-${digits(r, 3)}-${digits(r, 4)}`, `Total 1${digits(r, 2)}.${digits(r, 2)} USD`, `Order ${letters(r, 3)}-${digits(r, 5)}`]),
  zh: (r) => pick(r, ['电表读数', '有效期至2027年5月', '每日三次 每次一片', '北京市朝阳区', '停车场出口', '限速60公里', '光州 12公里', '充电站剩余电量', '收据金额 128元', '药品批号']),
  ko: (r) => pick(r, ['광주광역시', '전기 계량기', '하루 세 번 복용']),
});
const LATIN_FONTS = ['DejaVu-Sans', 'DejaVu-Sans-Bold', 'DejaVu-Serif', 'DejaVu-Sans-Mono', 'DejaVu-Sans-Condensed-Oblique', 'Noto-Sans-Mono-Regular', 'Noto-Sans-CJK-SC', 'Noto-Serif-CJK-SC'];
/** @type {Record<string, string[]>} */
const CJK_FONTS = { zh: ['Noto-Sans-CJK-SC', 'Noto-Serif-CJK-SC', 'Noto-Sans-CJK-SC-Bold'], ko: ['Noto-Sans-CJK-KR', 'Noto-Serif-CJK-KR'] };

function evalSet() {
  rmSync(EVAL, { recursive: true, force: true });
  mkdirSync(EVAL, { recursive: true });
  const r = prng(20260125);
  // 36 pictures: 30 Latin/digit, 4 Chinese, 2 Hangul (kept to show the model's limit, reported apart).
  const kinds = [...Array(8).fill('meter'), ...Array(8).fill('med'), ...Array(8).fill('road'), ...Array(6).fill('misc'), ...Array(4).fill('zh'), 'ko', 'ko'];
  const truth = kinds.map((kind, i) => {
    const count = kind === 'ko' || kind === 'zh' ? 1 + Math.floor(r() * 2) : 1 + Math.floor(r() * 3);
    const lines = Array.from({ length: count }, () => (LINES[kind] ?? LINES['misc'])(r));
    const font = kind === 'zh' || kind === 'ko' ? pick(r, CJK_FONTS[kind] ?? []) : pick(r, LATIN_FONTS);
    const dark = r() < 0.15;
    const grey = Math.floor(190 + r() * 65);
    const ink = Math.floor(r() * 80);
    const o = {
      lines, font, size: Math.floor(14 + r() * 30),
      fg: dark ? `gray(${grey})` : `gray(${ink})`, bg: dark ? `gray(${ink})` : `gray(${grey})`,
      angle: r() < 0.35 ? 0 : Math.round((r() * 14 - 7) * 10) / 10,
      noise: r() < 0.4 ? Math.round(r() * 6) / 10 : 0, blur: r() < 0.3 ? Math.round((0.4 + r() * 0.8) * 10) / 10 : 0,
      shear: r() < 0.15 ? Math.round(r() * 12 - 6) : 0,
    };
    // Noise defeats PNG compression: noisy pictures stay small so each file stays under ~60 KB.
    if (o.noise) o.size = Math.min(o.size, 28);
    const file = `${String(i + 1).padStart(2, '0')}-${kind}.png`;
    renderLines(`${EVAL}/${file}`, o);
    return { file, lines, tags: [kind === 'zh' ? 'chinese' : kind === 'ko' ? 'hangul' : 'latin'], render: { font: o.font, size: o.size, angle: o.angle, noise: o.noise, blur: o.blur, shear: o.shear, inverted: dark } };
  });
  writeFileSync(`${EVAL}/truth.json`, `${JSON.stringify(truth, null, 2)}\n`);
}

/**
 * Fonts hangul-rec was not trained on (the held-out families of its recipe), by ImageMagick
 * name: a sans, a rounded sans, a serif, a gulim and a pen face, with bold weights.
 */
const HELD_OUT_KO = ['Un-Dotum', 'Un-Dotum-Bold', 'Baekmuk-Gulim', 'Noto-Serif-CJK-KR', 'Noto-Serif-CJK-KR-Bold', 'NanumSquareRound-Regular', 'NanumSquareRound-Bold', 'NanumBarunpen', 'NanumBarunpen-Bold'];

/** Korean line makers per kind, as such text appears on meters, labels, signs and notices. */
const KO_LINES = /** @type {Record<string, (r: () => number) => string>} */ ({
  meter: (r) => pick(r, [`전력량 ${digits(r, 5)}.${digits(r, 1)} kWh`, `가스 사용량 ${digits(r, 4)}.${digits(r, 2)} m3`, `계기번호 ${digits(r, 4)}-${digits(r, 6)}`,
    `검침일 2026.${pick(r, ['01', '04', '07', '11'])}.${pick(r, ['05', '12', '23', '30'])}`, pick(r, ['전력량계', '수도 계량기', '도시가스 계량기', '이번 달 사용량'])]),
  med: (r) => pick(r, [`${pick(r, ['타이레놀', '게보린', '아목시실린', '메트포르민', '이부프로펜', '판피린'])}정 ${pick(r, ['250', '500', '850', '200'])}mg`,
    `1일 ${pick(r, ['2', '3'])}회 ${pick(r, ['1', '2'])}정씩`, `식후 30분 복용`, `유효기간 20${pick(r, ['26', '27', '28'])}.${pick(r, ['03', '06', '09', '12'])}.${pick(r, ['01', '15', '31'])}`,
    pick(r, ['하루 세 번 드세요', '졸음이 올 수 있습니다', '어린이 손이 닿지 않는 곳에 보관', '냉장 보관'])]),
  road: (r) => pick(r, [`${pick(r, ['광주', '나주', '목포', '순천', '담양', '화순', '여수', '전주'])} ${digits(r, 2)}km`, `최고속도 ${pick(r, ['30', '50', '60', '80', '100'])}`,
    `${digits(r, 2)}${pick(r, ['가', '나', '다', '라', '마', '거', '너', '더'])} ${digits(r, 4)}`, pick(r, ['어린이 보호구역', '공사 중 서행', '광주송정역', '첨단과학산업단지', '출구 3번'])]),
  notice: (r) => pick(r, ['민원실 운영시간', `평일 09:00~18:00`, `점심시간 12:00~13:00`, `전화 062-${digits(r, 3)}-${digits(r, 4)}`,
    pick(r, ['광주광역시 북구청', '주차장 입구', '화장실은 2층에 있습니다', '관계자 외 출입 금지', '엘리베이터 점검 중', '인공지능 실증도시'])]),
});

/** Four Korean demo pictures, added to (or replaced in) samples.json after the others. */
function koreanSamples() {
  const titled = 'NanumSquareRound-Bold';
  const plain = 'Un-Dotum';
  const mono = 'DejaVu-Sans-Mono-Bold';
  /** @type {{ file: string; framing: string; lines: string[]; caption: { ko: string; en: string }; draw: () => void }[]} */
  const samples = [
    { file: 'energy-meter-ko.png', framing: 'energy', lines: ['전력량계', '03815.2 kWh', '계기번호 2025-204117'],
      caption: { ko: '한글이 적힌 전력량계 (2° 기울어짐)', en: 'Electricity meter with Korean text (tilted 2°)' },
      draw: () => renderScene(`${SAMPLES}/energy-meter-ko.png`, '520x300', '#3a3f44', [
        '-fill', '#dfe3e6', '-draw', 'roundrectangle 20,20 500,280 18,18', ...text(titled, 30, '#222', '+60+72', '전력량계'),
        '-fill', '#9fb59a', '-draw', 'rectangle 50,100 470,190', ...text(mono, 50, '#1c261b', '+70+165', '03815.2 kWh'),
        ...text(plain, 24, '#333', '+60+245', '계기번호 2025-204117'), '-background', '#3a3f44', '-rotate', '-2', '+repage'])},
    { file: 'healthcare-label-ko.png', framing: 'healthcare', lines: ['타이레놀정 500mg', '1일 3회 1정씩 식후 30분', '유효기간 2027.05.31'],
      caption: { ko: '한글 약 봉투 라벨', en: 'Korean pharmacy label' },
      draw: () => renderScene(`${SAMPLES}/healthcare-label-ko.png`, '560x240', '#fbfbf6', [
        '-fill', 'none', '-stroke', '#2f855a', '-strokewidth', '4', '-draw', 'rectangle 8,8 552,232', '-stroke', 'none',
        ...text(titled, 36, '#102a43', '+30+68', '타이레놀정 500mg'), ...text(plain, 28, '#222', '+30+130', '1일 3회 1정씩 식후 30분'),
        ...text(plain, 24, '#444', '+30+192', '유효기간 2027.05.31')])},
    { file: 'automotive-sign-ko.png', framing: 'automotive', lines: ['광주 12km', '나주 25km'],
      caption: { ko: '한글 도로 방향 표지판 (비스듬히)', en: 'Korean road direction sign (at a slant)' },
      draw: () => renderScene(`${SAMPLES}/automotive-sign-ko.png`, '480x220', '#1f4f9f', [
        '-fill', 'none', '-stroke', 'white', '-strokewidth', '4', '-draw', 'roundrectangle 10,10 470,210 12,12', '-stroke', 'none',
        ...text(titled, 52, 'white', '+50+95', '광주 12km'), ...text(titled, 52, 'white', '+50+178', '나주 25km'),
        '-virtual-pixel', 'background', '-background', '#8fb0cf', '-distort', 'Perspective', '0,0 8,6  480,0 472,0  480,220 480,220  0,220 0,212'])},
    { file: 'citizen-notice-ko.png', framing: 'citizen', lines: ['민원실 운영시간', '평일 09:00~18:00', '점심시간 12:00~13:00'],
      caption: { ko: '구청 민원실 안내문', en: 'Notice at a district office' },
      draw: () => renderScene(`${SAMPLES}/citizen-notice-ko.png`, '520x260', '#f4f1e8', [
        '-fill', '#7b341e', '-draw', 'rectangle 0,0 520,26', ...text('Noto-Serif-CJK-KR-Bold', 36, '#1a202c', '+40+88', '민원실 운영시간'),
        ...text('NanumBarunpen', 30, '#222', '+40+160', '평일 09:00~18:00'), ...text('NanumBarunpen', 30, '#222', '+40+220', '점심시간 12:00~13:00'),
        '-background', '#a0a0a0', '-rotate', '1.5', '+repage'])},
  ];
  for (const s of samples) s.draw();
  const korean = new Set(samples.map((s) => s.file));
  const manifest = JSON.parse(readFileSync(`${SAMPLES}/samples.json`, 'utf8')).filter((/** @type {{ file: string }} */ e) => !korean.has(e.file));
  const list = [...manifest, ...samples.map(({ file, framing, lines, caption }) => ({ file, framing, lines, caption }))];
  writeFileSync(`${SAMPLES}/samples.json`, `${JSON.stringify(list, null, 2)}\n`);
}

/** The Hangul evaluation set: 32 seeded pictures of 1–3 Korean lines in held-out fonts. */
function koreanEvalSet() {
  rmSync(EVAL_KO, { recursive: true, force: true });
  mkdirSync(EVAL_KO, { recursive: true });
  const r = prng(20261202);
  const kinds = ['meter', 'med', 'road', 'notice'].flatMap((k) => Array(8).fill(k));
  const truth = kinds.map((kind, i) => {
    const lines = Array.from({ length: 1 + Math.floor(r() * 3) }, () => (KO_LINES[kind] ?? KO_LINES['notice'])(r));
    const dark = r() < 0.15;
    const grey = Math.floor(190 + r() * 65);
    const ink = Math.floor(r() * 80);
    const o = {
      lines, font: pick(r, HELD_OUT_KO), size: Math.floor(18 + r() * 26),
      fg: dark ? `gray(${grey})` : `gray(${ink})`, bg: dark ? `gray(${ink})` : `gray(${grey})`,
      angle: r() < 0.35 ? 0 : Math.round((r() * 10 - 5) * 10) / 10,
      noise: r() < 0.4 ? Math.round(r() * 6) / 10 : 0, blur: r() < 0.3 ? Math.round((0.4 + r() * 0.8) * 10) / 10 : 0,
      shear: r() < 0.15 ? Math.round(r() * 12 - 6) : 0,
    };
    if (o.noise) o.size = Math.min(o.size, 30);
    const file = `${String(i + 1).padStart(2, '0')}-${kind}.png`;
    renderLines(`${EVAL_KO}/${file}`, o);
    return { file, lines, tags: ['hangul', kind], render: { font: o.font, size: o.size, angle: o.angle, noise: o.noise, blur: o.blur, shear: o.shear, inverted: dark } };
  });
  writeFileSync(`${EVAL_KO}/truth.json`, `${JSON.stringify(truth, null, 2)}\n`);
}

const parts = process.argv.slice(2);
const wanted = (/** @type {string} */ part) => parts.length === 0 || parts.includes(part);
if (wanted('demo')) demoSamples();
if (wanted('eval')) evalSet();
if (wanted('korean')) {
  koreanSamples();
  koreanEvalSet();
}
console.log(`wrote ${parts.length ? parts.join(', ') : 'demo, eval, korean'}`);
