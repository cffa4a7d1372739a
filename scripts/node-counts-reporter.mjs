// A node:test reporter that writes how many tests passed, failed and were skipped (suites not
// counted), and why each was skipped, to the file given as its destination, for the summary of
// scripts/test.mjs.
export default async function* countsReporter(source) {
  const counts = { passed: 0, failed: 0, skipped: 0, skips: [] };
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    if (event.data.details?.type === 'suite') continue;
    if (event.data.skip || event.data.todo) {
      counts.skipped++;
      if (typeof event.data.skip === 'string') counts.skips.push(`${event.data.name}: ${event.data.skip}`);
    } else if (event.type === 'test:pass') counts.passed++;
    else counts.failed++;
  }
  yield JSON.stringify(counts);
}
