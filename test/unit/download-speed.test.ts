// Download speed and time left as people read them: smoothed, never jumping on one slow tick.
import assert from "node:assert/strict";
import { test } from "node:test";
import { formatDuration, SpeedMeter } from "../../src/engine/downloadSpeed";

function meterAt(times: number[]): SpeedMeter {
  let index = 0;
  return new SpeedMeter(() => times[Math.min(index++, times.length - 1)]!);
}

test("speed is unknown until a quarter second has been measured, then time left follows", () => {
  const meter = meterAt([0, 100, 1000]);
  assert.deepEqual(meter.progress(0, 1000, 0), { downloadedBytes: 0, totalBytes: 1000, percent: 0, bytesPerSecond: 0, secondsLeft: undefined, resumedFromBytes: 0 });
  assert.equal(meter.progress(50, 1000, 0).bytesPerSecond, 0, "100 ms is too short to measure");
  const p = meter.progress(100, 1000, 0);
  assert.equal(p.bytesPerSecond, 100);
  assert.equal(p.secondsLeft, 9);
  assert.equal(p.percent, 10);
});

test("one slow interval moves the smoothed speed only part of the way", () => {
  const meter = meterAt([0, 1000, 2000, 3000]);
  meter.sample(0);
  assert.equal(meter.sample(1000), 1000);
  assert.equal(meter.sample(2000), 1000);
  const afterStall = meter.sample(2000);
  assert.ok(afterStall > 700 && afterStall < 1000, `smoothed: ${afterStall}`);
});

test("a resumed download reports where it resumed from", () => {
  const meter = meterAt([0]);
  const p = meter.progress(600, 1000, 600);
  assert.equal(p.resumedFromBytes, 600);
  assert.equal(p.percent, 60);
});

test("durations are coarse: seconds, minutes, hours and minutes", () => {
  assert.equal(formatDuration(undefined), "");
  assert.equal(formatDuration(Infinity), "");
  assert.equal(formatDuration(34.4), "34 s");
  assert.equal(formatDuration(250), "4 min");
  assert.equal(formatDuration(7500), "2 h 5 min");
  assert.equal(formatDuration(7200), "2 h");
});
