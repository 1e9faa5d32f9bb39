import { test } from "node:test";
import assert from "node:assert/strict";
import { calcArea } from "../out/geometry.js";
import { totalArea } from "../out/floorplan.js";
import { litresFor } from "../out/paint.js";

test("areas", () => {
  assert.equal(calcArea({ kind: "rect", width: 2, height: 3 }), 6);
  assert.equal(totalArea([{ kind: "rect", width: 2, height: 3 }, { kind: "rect", width: 1, height: 1 }]), 7);
  assert.equal(litresFor({ kind: "rect", width: 5, height: 4 }), 2);
});
