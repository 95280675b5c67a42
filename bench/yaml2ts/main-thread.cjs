// CPU time of the calling thread in ms (Linux), or undefined elsewhere. Process CPU time also counts the
// engine's background threads (optimizing compiler, parallel GC); the main thread's share is what the wall
// time would be on an idle machine, which a machine shared with other engineers seldom is.
const { readFileSync } = require('node:fs');

function mainThreadMs() {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return undefined;
  }
}

module.exports = { mainThreadMs };
