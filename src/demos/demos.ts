/**
 * The sector demos: what each one is for, in Korean and English, and which task and models
 * run it. The gallery, the routes (`#/demo/<id>`) and the kiosk loop read this list.
 */
import type { Localized, Sector } from '../catalog/catalog.ts';
import type { AnswerKind } from '../tasks/ocr/answers/index.ts';

export type DemoKind = 'ocr' | 'vad' | 'risk' | 'document' | 'forecast' | 'wakeword';
/** Which OCR samples a demo offers (see public/samples/ocr/samples.json). */
export type OcrFraming = 'energy' | 'healthcare' | 'automotive' | 'citizen';

export interface Demo {
  id: string;
  sector: Sector;
  kind: DemoKind;
  title: Localized;
  /** One line for the gallery card. */
  summary: Localized;
  /** "How it works", shown on the demo page. */
  how: Localized;
  models: string[];
  /** OCR demos: the sample framings offered (all when absent). */
  framings?: OcrFraming[];
  /** Large type and read-aloud first (seniors). */
  largeType?: boolean;
  /** OCR demos: the question the demo answers from the lines read (src/tasks/ocr/answers/). */
  answer?: AnswerKind;
}

const OCR_MODELS = ['ppocr-det', 'ppocr-cls', 'ppocr-rec', 'hangul-rec'];
const OCR_HOW: Localized = {
  ko: 'PP-OCRv4가 글자 영역을 찾고(검출), 뒤집힌 줄을 바로 세운 뒤(방향 분류), 줄마다 두 인식 모델이 읽습니다(CTC 디코딩): 숫자·영문·한자를 읽는 PP-OCRv4와, 이 저장소에서 학습한 한글 모델. 줄마다 더 믿을 만한 읽기를 고릅니다.',
  en: 'PP-OCRv4 finds text regions (detection), turns upside-down lines upright (direction classifier), then two recognizers read each line (CTC decoding): PP-OCRv4 for digits, Latin letters and Chinese, and a Hangul model trained in this repository. The more trustworthy reading of each line is kept.',
};
const VAD_HOW: Localized = {
  ko: 'Silero VAD v5가 16 kHz 소리를 32 ms 조각마다 살펴 말소리 확률을 내고, 상태를 다음 조각으로 이어 갑니다. 확률이 높은 구간을 말소리로 표시합니다.',
  en: 'Silero VAD v5 looks at 16 kHz audio in 32 ms chunks, gives a speech probability for each and carries its state to the next. Stretches of high probability are marked as speech.',
};

export const DEMOS: readonly Demo[] = [
  {
    id: 'meter-reader',
    sector: 'energy',
    kind: 'ocr',
    title: { ko: '계량기 읽기', en: 'Meter reader' },
    summary: { ko: '전기·가스 계량기 사진에서 숫자를 읽습니다.', en: 'Reads the digits of an electricity or gas meter.' },
    how: OCR_HOW,
    models: OCR_MODELS,
    framings: ['energy'],
    answer: 'meter',
  },
  {
    id: 'medication-label',
    sector: 'healthcare',
    kind: 'ocr',
    title: { ko: '약 봉투 읽어 주기', en: 'Medication label reader' },
    summary: { ko: '약 이름과 복용법을 큰 글씨로 보여 주고 읽어 줍니다.', en: 'Shows the drug name and dosage in large type and reads them aloud.' },
    how: OCR_HOW,
    models: OCR_MODELS,
    framings: ['healthcare'],
    largeType: true,
    answer: 'medication',
  },
  {
    id: 'road-sign',
    sector: 'automotive',
    kind: 'ocr',
    title: { ko: '도로 표지판·번호판 읽기', en: 'Road sign and plate reader' },
    summary: { ko: '표지판과 번호판의 숫자와 영문을 읽습니다.', en: 'Reads the digits and Latin letters of road signs and plates.' },
    how: OCR_HOW,
    models: OCR_MODELS,
    framings: ['automotive'],
    answer: 'road-sign',
  },
  {
    id: 'demand-forecast',
    sector: 'energy',
    kind: 'forecast',
    title: { ko: '내일의 전력 수요 예측', en: 'Tomorrow’s electricity demand' },
    summary: { ko: '지난 7일의 실제 전력 수요로 다음 24시간을 30분 단위로 예측합니다.', en: 'Forecasts the next 24 hours, half-hour by half-hour, from the last 7 days of real demand.' },
    how: {
      ko: '2000년 여름 잉글랜드·웨일스의 실제 전력 수요로 이 저장소의 레시피가 학습한 작은 신경망(MLP)입니다. 지난 7일(336개 값)을 그 주의 평균으로 나누어 넣으면 다음 48개 30분 구간을 내놓고, 다시 MW로 바꿉니다. 학습에 쓰지 않은 마지막 2주로 평가하며, 두 가지 단순한 기준 예측과 나란히 비교합니다.',
      en: 'A small neural network (MLP) trained by this repository’s recipe on the real demand of England and Wales in summer 2000. The last 7 days (336 values), divided by their mean, go in; the next 48 half-hours come out and are scaled back to MW. It is evaluated on the last fortnight, which training never saw, side by side with two simple baselines.',
    },
    models: ['demand-forecast'],
  },
  {
    id: 'voice-trigger',
    sector: 'automotive',
    kind: 'wakeword',
    title: { ko: '차 안 호출어', en: 'In-car wake word' },
    summary: { ko: '“헤이 자비스”라고 부르면 알아듣고, 다른 말에는 반응하지 않습니다.', en: 'Wakes on “hey jarvis” and stays asleep for everything else.' },
    how: {
      ko: 'openWakeWord: 16 kHz 소리를 80 ms마다 멜 스펙트로그램으로 바꾸고, 최근 76개 멜 프레임을 음성 임베딩 하나로 요약한 뒤, 호출어마다 작은 분류기가 최근 16개 임베딩(1.28초)을 보고 점수를 냅니다. 앞 단계로 Silero VAD가 말소리가 있을 때만 호출어 모델을 돌립니다. 점수가 0.5를 넘는 순간 한 번 호출됩니다.',
      en: 'openWakeWord: every 80 ms, 16 kHz audio becomes a mel spectrogram, the latest 76 mel frames become one speech embedding, and a small classifier per wake word scores the latest 16 embeddings (1.28 s). Silero VAD goes first: the word models run only while someone speaks. A score reaching 0.5 triggers once.',
    },
    models: ['silero-vad', 'oww-melspectrogram', 'oww-embedding', 'oww-hey-jarvis', 'oww-alexa', 'oww-hey-mycroft'],
  },
  {
    id: 'senior-checkin',
    sector: 'healthcare',
    kind: 'vad',
    title: { ko: '혼자 사는 어르신 음성 확인', en: 'Voice check-in for seniors' },
    summary: { ko: '기기 안에서만 말소리를 확인합니다. 소리는 밖으로 나가지 않습니다.', en: 'Checks for speech on the device only: no sound leaves it.' },
    how: VAD_HOW,
    models: ['silero-vad'],
  },
  {
    id: 'health-risk',
    sector: 'healthcare',
    kind: 'risk',
    title: { ko: '당뇨 진행 위험 예측', en: 'Diabetes progression risk' },
    summary: { ko: '건강검진 수치로 1년 뒤 병이 더 진행될 위험을 추정합니다. 의료 조언이 아닙니다.', en: 'Estimates the risk of disease progression in a year from check-up values. Not medical advice.' },
    how: {
      ko: '공개 당뇨 데이터(442명)로 이 저장소의 레시피가 학습한 로지스틱 회귀 모델입니다. 입력은 이 기기 안에서만 계산됩니다.',
      en: 'A logistic regression trained by this repository’s recipe on the public diabetes data set (442 patients). Your values are computed on this device only.',
    },
    models: ['health-risk'],
  },
  {
    id: 'text-reader',
    sector: 'citizen',
    kind: 'ocr',
    title: { ko: '안내문·간판 읽기', en: 'Notice and sign reader' },
    summary: { ko: '사진 속 글자를 읽어 복사하거나 소리로 들려줍니다.', en: 'Reads the text in a picture, to copy or to hear.' },
    how: OCR_HOW,
    models: OCR_MODELS,
  },
  {
    id: 'document-reader',
    sector: 'citizen',
    kind: 'document',
    title: { ko: '문서 읽기 (여러 쪽)', en: 'Document reader (many pages)' },
    summary: { ko: '스캔한 PDF나 사진 여러 장을 한 쪽씩 읽어 글자로 내려받습니다.', en: 'Reads a scanned PDF or several photos page by page, as text to download.' },
    how: {
      ko: 'PDF의 각 쪽을 그림으로 그린 뒤 PP-OCRv4와 이 저장소에서 학습한 한글 모델로 읽습니다. 쪽이 많아 무거운 작업은, 더 빠르다고 예측되면 데이터센터에서 읽습니다(이 기기와 데이터센터의 측정된 속도와 네트워크로 예측).',
      en: 'Each page of the PDF is drawn as a picture and read with PP-OCRv4 and the Hangul model trained in this repository. A heavy document goes to the datacenter when that is predicted faster (from the measured speed of this device, of the datacenter and of the network).',
    },
    models: OCR_MODELS,
  },
];

export function findDemo(id: string): Demo | undefined {
  return DEMOS.find((d) => d.id === id);
}

/** Demos of one sector, in gallery order. */
export const demosOf = (sector: Sector): Demo[] => DEMOS.filter((d) => d.sector === sector);
