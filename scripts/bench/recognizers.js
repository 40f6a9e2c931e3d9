// Peer benchmark for BENCHMARKS.md ("Whole-process extraction"): runs the
// Chinese number and number-with-unit recognizers of Microsoft
// Recognizers-Text (number, percentage, currency, dimension) over a text
// file, as `ducha extract` reads the same file. The peer is made for
// utterances, so it is given the text a paragraph (line) at a time, which
// is much faster for it than the whole text in one call (--whole).
//
// Install the peer outside the repository, then run it:
//
//   mkdir -p /tmp/rt && cd /tmp/rt && npm install @microsoft/recognizers-text-suite
//   NODE_PATH=/tmp/rt/node_modules node scripts/bench/recognizers.js FILE [--whole]
//
// It prints how many results each recognizer found.
const fs = require("fs");
const R = require("@microsoft/recognizers-text-suite");

const text = fs.readFileSync(process.argv[2], "utf8");
const parts = process.argv.includes("--whole") ? [text] : text.split("\n").filter((l) => l.trim() !== "");
const culture = R.Culture.Chinese;
const counts = { number: 0, percentage: 0, currency: 0, dimension: 0 };
for (const p of parts) {
  counts.number += R.recognizeNumber(p, culture).length;
  counts.percentage += R.recognizePercentage(p, culture).length;
  counts.currency += R.recognizeCurrency(p, culture).length;
  counts.dimension += R.recognizeDimension(p, culture).length;
}
console.log(JSON.stringify(counts));
