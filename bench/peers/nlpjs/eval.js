// Benchmark only: trains nlp.js (node-nlp) on the same splits as `./tandem eval intents|oos` and
// prints the same JSON fields on its last line, so bench/peers/run.sh can put them side by side.
//   node eval.js intents --train FILE --test FILE
//   node eval.js oos --data FILE [--max-in-scope-rejection 0.05]
'use strict';
const fs = require('fs');
const { NlpManager } = require('node-nlp');

const TIMED = 300;

function args(argv) {
  const out = { verb: argv[0] };
  for (let i = 1; i < argv.length; i += 2) out[argv[i].replace(/^--/, '')] = argv[i + 1];
  return out;
}

// RFC 4180: quoted fields may hold commas, doubled quotes and line breaks.
function parseCsv(text) {
  const records = []; let fields = []; let field = ''; let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { fields.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      fields.push(field); field = ''; records.push(fields); fields = [];
    } else field += c;
  }
  if (field.length > 0 || fields.length > 0) { fields.push(field); records.push(fields); }
  return records;
}

function readCsv(path) {
  const records = parseCsv(fs.readFileSync(path, 'utf8'));
  const header = records[0].map((h) => h.trim().toLowerCase());
  let [t, l] = [header.indexOf('text'), header.indexOf('category')];
  if (t < 0 || l < 0) [t, l] = [header.indexOf('utterance'), header.indexOf('intent')];
  if (t < 0 || l < 0) throw new Error(`${path}: needs text,category or utterance,intent`);
  return records.slice(1).filter((r) => r.length === header.length).map((r) => ({ text: r[t].trim(), label: r[l].trim() }));
}

async function train(rows) {
  const manager = new NlpManager({ languages: ['en'], forceNER: false, autoSave: false, nlu: { log: false, useNoneFeature: false } });
  for (const r of rows) manager.addDocument('en', r.text, r.label);
  const started = process.hrtime.bigint();
  await manager.train();
  return { manager, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

// The top classification other than nlp.js's own "None", with its score.
async function classify(manager, text) {
  const result = await manager.process('en', text);
  const top = (result.classifications || []).filter((c) => c.intent !== 'None').sort((a, b) => b.score - a.score)[0];
  return top ? { label: top.intent, score: top.score } : { label: 'None', score: 0 };
}

// Timed on the first classification of each text: nlp.js remembers texts it has processed, so a second
// pass over the same texts would time its cache.
async function timedClassify(manager, rows, times) {
  const out = [];
  for (const r of rows) {
    const started = process.hrtime.bigint();
    out.push(await classify(manager, r.text));
    if (times.length < TIMED) times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return out;
}

function percentiles(times) {
  times.sort((a, b) => a - b);
  const at = (p) => Math.round(times[Math.min(times.length - 1, Math.max(0, Math.ceil(p * times.length) - 1))] * 100) / 100;
  return [at(0.5), at(0.99)];
}

function macroF1(gold, predicted) {
  const labels = [...new Set([...gold, ...predicted])];
  return labels.reduce((sum, label) => {
    let tp = 0, fp = 0, fn = 0;
    gold.forEach((g, i) => { if (g === label && predicted[i] === label) tp++; else if (predicted[i] === label) fp++; else if (g === label) fn++; });
    return sum + (tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn));
  }, 0) / labels.length;
}

const round = (x) => Math.round(x * 10000) / 10000;

async function intents(a) {
  const trainRows = readCsv(a.train); const testRows = readCsv(a.test);
  const { manager, seconds } = await train(trainRows);
  const times = [];
  const predicted = (await timedClassify(manager, testRows, times)).map((p) => p.label);
  const gold = testRows.map((r) => r.label);
  const [p50, p99] = percentiles(times);
  return {
    peer: 'nlp.js', n_train: trainRows.length, n_test: testRows.length,
    accuracy: round(gold.filter((g, i) => g === predicted[i]).length / gold.length),
    macro_f1: round(macroF1(gold, predicted)), train_seconds: Math.round(seconds * 100) / 100,
    latency_p50_ms: p50, latency_p99_ms: p99,
  };
}

// Same protocol as `./tandem eval oos` on a file without test keys: val's even positions choose the
// threshold (at most the budget of in-scope rejected), odd positions are reported.
async function oos(a) {
  const data = JSON.parse(fs.readFileSync(a.data, 'utf8'));
  const budget = Number(a['max-in-scope-rejection'] || 0.05);
  const rows = (key) => (data[key] || []).map(([text, label]) => ({ text, label }));
  const half = (list, parity) => list.filter((_, i) => i % 2 === parity);
  const hasTest = (data.test || []).length > 0;
  const select = hasTest ? rows('val') : half(rows('val'), 0);
  const report = hasTest ? rows('test') : half(rows('val'), 1);
  const reportOos = hasTest ? rows('oos_test') : half(rows('oos_val'), 1);
  const { manager, seconds } = await train(rows('train'));
  const selectScores = [];
  for (const r of select) selectScores.push((await classify(manager, r.text)).score);
  selectScores.sort((x, y) => x - y);
  const allowed = Math.floor(budget * selectScores.length + 1e-9);
  const threshold = allowed >= selectScores.length ? selectScores[selectScores.length - 1] + 1e-9 : selectScores[allowed];
  const times = [];
  const inScope = await timedClassify(manager, report, times);
  const outScope = []; for (const r of reportOos) outScope.push(await classify(manager, r.text));
  const gold = report.map((r) => r.label);
  const [p50, p99] = percentiles(times);
  return {
    peer: 'nlp.js', n_train: rows('train').length, n_in_scope: report.length, n_oos: reportOos.length,
    reported_on: hasTest ? 'test' : 'val (odd positions; threshold chosen on even positions)',
    threshold: round(threshold),
    in_scope_accuracy: round(inScope.filter((p, i) => p.score >= threshold && p.label === gold[i]).length / report.length),
    oos_recall: round(outScope.filter((p) => p.score < threshold).length / Math.max(1, reportOos.length)),
    in_scope_rejection: round(inScope.filter((p) => p.score < threshold).length / report.length),
    accuracy: round(inScope.filter((p, i) => p.label === gold[i]).length / report.length),
    macro_f1: round(macroF1(gold, inScope.map((p) => p.label))),
    train_seconds: Math.round(seconds * 100) / 100, latency_p50_ms: p50, latency_p99_ms: p99,
  };
}

(async () => {
  const a = args(process.argv.slice(2));
  const result = a.verb === 'oos' ? await oos(a) : await intents(a);
  console.log(JSON.stringify(result));
})().catch((e) => { console.error(e.message); process.exit(2); });
