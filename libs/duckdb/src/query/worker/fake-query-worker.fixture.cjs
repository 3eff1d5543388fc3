'use strict';
// A stand-in for query-worker.cjs in tests of the parent's deadline and exit handling: it speaks the protocol,
// answers "SELECT 1", never answers (nor stops for an interrupt on) "hang", and exits on "crash".
process.on('message', (message) => {
  if (message.type === 'setup') process.send({ type: 'ready', vmSizeKb: 1 });
  if (message.type !== 'query') return;
  if (message.sql === 'crash') process.exit(70);
  if (message.sql === 'hang') return;
  process.send({
    type: 'result',
    id: message.id,
    columns: [{ name: 'n', type: 'INTEGER' }],
    rows: [[1]],
    capped: false,
  });
});
process.on('disconnect', () => process.exit(0));
